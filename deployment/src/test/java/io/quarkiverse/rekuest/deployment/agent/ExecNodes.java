package io.quarkiverse.rekuest.deployment.agent;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.NodeFailure;
import io.quarkiverse.rekuest.Port;
import io.quarkiverse.rekuest.Task;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Nodes of every execution shape, for {@link AgentExecutionTest}. */
public class ExecNodes {

    public enum Direction {
        NORTH,
        SOUTH
    }

    public record Point(int x, int y) {
    }

    /** Blocking, on a worker thread. */
    @Node
    public int add(int a, @Port(defaultValue = "10") int b) {
        return a + b;
    }

    /** Event loop. */
    @Node
    public Uni<String> greet(String name, Optional<String> greeting) {
        return Uni.createFrom().item(greeting.orElse("Hello") + ", " + name);
    }

    /** A generator: one YIELD per item. */
    @Node
    public Multi<Integer> countTo(int n) {
        return Multi.createFrom().range(1, n + 1);
    }

    /** Progress and log only through the task handle. */
    @Node
    @RunOnVirtualThread
    public List<String> chatty(Task task, List<String> words) {
        task.progress(50, "half way");
        task.log("working on " + words.size() + " words");
        return words.stream().map(String::toUpperCase).toList();
    }

    /** Records and enums through generated adapters. */
    @Node
    public Point move(Point from, Direction direction) {
        return new Point(from.x(), from.y() + (direction == Direction.NORTH ? 1 : -1));
    }

    @Node
    public void nothing() {
    }

    @Node
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

    @Node
    public String slowBlocking(Task task) throws InterruptedException {
        Thread.sleep(Duration.ofMinutes(5).toMillis());
        return "late";
    }

    /** Steps taken by {@link #stepper}, to see that a paused task really stands still. */
    public static final java.util.concurrent.atomic.AtomicInteger STEPS = new java.util.concurrent.atomic.AtomicInteger();

    /** A loop with a pause point in every step. */
    @Node
    public int stepper(Task task, int steps) throws InterruptedException {
        for (int i = 0; i < steps; i++) {
            task.pausePoint();
            STEPS.incrementAndGet();
            Thread.sleep(20);
        }
        return steps;
    }

    @Node
    public String pausable(Task task) {
        task.pausePoint();
        return "resumed";
    }
}
