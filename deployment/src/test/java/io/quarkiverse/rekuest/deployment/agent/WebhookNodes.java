package io.quarkiverse.rekuest.deployment.agent;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.NodeFailure;
import io.quarkiverse.rekuest.Task;
import io.smallrye.mutiny.Multi;

/** Nodes served by a webhook agent, for {@link WebhookAgentTest}. */
public class WebhookNodes {

    /** How often {@link #add} ran: a message refused by the intake must not run it. */
    public static final AtomicInteger ADDS = new AtomicInteger();

    @Node
    public int add(int a, int b) {
        ADDS.incrementAndGet();
        return a + b;
    }

    @Node
    public Multi<Integer> countTo(int n) {
        return Multi.createFrom().range(1, n + 1);
    }

    @Node
    public String refuse(String why) {
        throw new NodeFailure("refused: " + why);
    }

    @Node
    public String slowBlocking(Task task) throws InterruptedException {
        Thread.sleep(Duration.ofMinutes(5).toMillis());
        return "late";
    }
}
