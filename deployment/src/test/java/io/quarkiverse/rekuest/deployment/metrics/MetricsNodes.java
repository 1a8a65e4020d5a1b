package io.quarkiverse.rekuest.deployment.metrics;

import java.time.Duration;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.NodeFailure;
import io.smallrye.mutiny.Uni;

/** The nodes of the metrics test: one completes, one fails, one crashes, one runs until it is cancelled. */
public class MetricsNodes implements MetricsApi {

    @Override
    public int square(int x) {
        return x * x;
    }

    @Override
    public String refuse(String why) {
        throw new NodeFailure("refused: " + why);
    }

    @Node
    public int crash() {
        throw new IllegalStateException("boom");
    }

    @Node
    public Uni<String> slowUni() {
        return Uni.createFrom().item("late").onItem().delayIt().by(Duration.ofMinutes(5));
    }
}
