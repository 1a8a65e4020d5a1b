package io.quarkiverse.rekuest.deployment.client;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.NodeFailure;
import io.quarkiverse.rekuest.Task;

/** Nodes whose tasks an {@code AssignedTask} follows: progress and logs, a failure, one that waits to be stopped. */
@ApplicationScoped
public class WatchNodes {

    /** Released by the test to let {@link #hold} go on after it was paused and resumed. */
    static volatile CountDownLatch release = new CountDownLatch(1);

    @Node(key = "watch_count")
    public List<Integer> count(int n, Task task) {
        task.progress(50, "half way");
        task.log("counted " + n);
        return java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
    }

    @Node(key = "watch_refuse")
    public int refuse(String why) {
        throw new NodeFailure("refused: " + why);
    }

    @Node(key = "watch_hold")
    public String hold(Task task) throws InterruptedException {
        task.progress(0, "holding");
        while (!release.await(20, TimeUnit.MILLISECONDS)) {
            task.pausePoint();
        }
        task.pausePoint();
        return "released";
    }
}
