package io.quarkiverse.rekuest.deployment.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import io.quarkiverse.rekuest.NodeFailure;
import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.Task;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Serves {@link CalcApi} in the test application. */
public class CalcNodes implements CalcApi {

    /** The task each nested call ran as, by the value of its first argument. */
    static final Map<Integer, String> NESTED_TASKS = new ConcurrentHashMap<>();

    @Inject
    @RekuestClient
    CalcApi remote;

    @Override
    public int add(int a, int b) {
        return a + b;
    }

    @Override
    public Uni<String> greet(String name) {
        return Uni.createFrom().item("Hello, " + name);
    }

    @Override
    public Multi<Integer> countTo(int n) {
        return Multi.createFrom().range(1, n + 1);
    }

    @Override
    public int fail(String why) {
        throw new NodeFailure(why);
    }

    @Override
    public int crash() {
        throw new IllegalStateException("boom");
    }

    @Override
    public long slow(long millis, Task task) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end && !task.isCancelled()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return -1;
            }
        }
        return millis;
    }

    @Override
    public Uni<Long> slowAsync(long millis) {
        return Uni.createFrom().item(millis).onItem().delayIt().by(java.time.Duration.ofMillis(millis));
    }

    @Override
    public int nested(int a, int b, Task task) {
        NESTED_TASKS.put(a, task.taskId());
        return remote.add(a, b) * 10;
    }
}
