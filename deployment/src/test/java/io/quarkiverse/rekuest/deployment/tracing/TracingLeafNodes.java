package io.quarkiverse.rekuest.deployment.tracing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.quarkiverse.rekuest.NodeFailure;
import io.smallrye.mutiny.Uni;

/** One completes, one fails, one runs until it is cancelled. */
public class TracingLeafNodes implements TracingLeaf {

    /** Counted down when {@link #slowUni()} runs. */
    static volatile CountDownLatch slowStarted = new CountDownLatch(1);

    @Override
    public int square(int x) {
        return x * x;
    }

    @Override
    public String refuse(String why) {
        throw new NodeFailure("refused: " + why);
    }

    @Override
    public Uni<String> slowUni() {
        slowStarted.countDown();
        return Uni.createFrom().item("late").onItem().delayIt().by(Duration.ofMinutes(5));
    }
}
