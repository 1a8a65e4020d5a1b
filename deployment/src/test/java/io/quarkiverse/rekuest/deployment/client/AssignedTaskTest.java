package io.quarkiverse.rekuest.deployment.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.AssignedTask;
import io.quarkiverse.rekuest.NoImplementationException;
import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RemoteCancelledException;
import io.quarkiverse.rekuest.RemoteFailedException;
import io.quarkiverse.rekuest.TaskUpdate;
import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code RemoteActionRef.assign}: the handle sees every event of its task (progress and logs included, each once, in
 * order, replayed to late subscribers), its results as a call would convert them, and controls it (pause, resume,
 * cancel) through the server.
 */
public class AssignedTaskTest {

    static final String URL = TestServer.url("assigned-task");
    static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(WatchNodes.class, TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:assigned-task")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    Rekuest rekuest;

    @Test
    void followsEveryEventAndReplaysThemToLateSubscribers() {
        AssignedTask task = rekuest.use("watch_count").assign(Map.of("n", 3)).await().atMost(WAIT);
        assertNotNull(task.id());

        List<TaskUpdate> updates = task.updates().collect().asList().await().atMost(WAIT);
        List<String> kinds = updates.stream().map(TaskUpdate::kind).toList();
        assertEquals("COMPLETED", kinds.get(kinds.size() - 1), "the stream ends with the terminal event: " + kinds);
        assertTrue(kinds.containsAll(List.of("PROGRESS", "LOG", "YIELD")), "progress, log and yield are seen: " + kinds);
        TaskUpdate progress = updates.stream().filter(u -> u.kind().equals("PROGRESS")).findFirst().orElseThrow();
        assertEquals(50, progress.progress());
        assertEquals("half way", progress.message());
        assertEquals("counted 3", updates.stream().filter(u -> u.kind().equals("LOG")).findFirst().orElseThrow().message());
        TaskUpdate yield = updates.stream().filter(u -> u.kind().equals("YIELD")).findFirst().orElseThrow();
        assertEquals(List.of(1, 2, 3), yield.returns().values().iterator().next(), "the YIELD's wire values by port");
        assertEquals(updates.size(), updates.stream().map(TaskUpdate::id).distinct().count(), "each event once");

        // a subscriber that comes after the end gets the same events, and the results as a call converts them
        assertEquals(updates, task.updates().collect().asList().await().atMost(WAIT));
        assertEquals(List.of(List.of(1, 2, 3)), task.results().collect().asList().await().atMost(WAIT));
    }

    @Test
    void aFailedTaskEndsTheUpdatesAndFailsTheResults() {
        AssignedTask task = rekuest.use("watch_refuse").assign("no").await().atMost(WAIT);
        List<TaskUpdate> updates = task.updates().collect().asList().await().atMost(WAIT);
        TaskUpdate last = updates.get(updates.size() - 1);
        assertEquals("FAILED", last.kind());
        assertTrue(last.terminal());
        assertTrue(last.message().contains("refused: no"), last.message());
        RemoteFailedException failure = assertThrows(RemoteFailedException.class,
                () -> task.results().collect().asList().await().atMost(WAIT));
        assertEquals(java.util.Optional.of(task.id()), failure.taskId());
    }

    @Test
    void pauseResumeAndCancelGoThroughTheServer() {
        WatchNodes.release = new CountDownLatch(1);
        AssignedTask task = rekuest.use("watch_hold").assign().await().atMost(WAIT);
        AssertSubscriber<TaskUpdate> live = task.updates().subscribe().withSubscriber(AssertSubscriber.create(100));
        awaitKind(live, "PROGRESS");

        task.pause().await().atMost(WAIT);
        awaitKind(live, "PAUSED");
        task.resume().await().atMost(WAIT);
        awaitKind(live, "RESUMED");

        task.cancel().await().atMost(WAIT);
        live.awaitCompletion(WAIT);
        List<String> kinds = live.getItems().stream().map(TaskUpdate::kind).toList();
        assertEquals("CANCELLED", kinds.get(kinds.size() - 1), kinds.toString());
        assertTrue(kinds.indexOf("PAUSING") < kinds.indexOf("PAUSED"), kinds.toString());
        assertInstanceOf(RemoteCancelledException.class, assertThrows(RuntimeException.class,
                () -> task.results().collect().asList().await().atMost(WAIT)));
    }

    @Test
    void anActionNobodyServesFailsTheAssignment() {
        assertThrows(NoImplementationException.class,
                () -> rekuest.use("nobody_serves_this").assign(1).await().atMost(WAIT));
    }

    private static void awaitKind(AssertSubscriber<TaskUpdate> live, String kind) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (live.getItems().stream().noneMatch(u -> u.kind().equals(kind))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + kind + " within " + WAIT + ": " + live.getItems());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
