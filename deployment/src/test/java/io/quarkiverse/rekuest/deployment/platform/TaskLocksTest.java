package io.quarkiverse.rekuest.deployment.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Locks and concurrency limits against the embedded server: tasks needing a held lock wait and run one at a time in
 * arrival order, tasks needing nothing do not wait, a node runs at most {@code maxConcurrency} tasks at once, a task
 * cancelled while it waits is reported at once and never runs, and waiting is reported only where asked. The agent
 * declares the locks and sends LOCK/UNLOCK, which the server accepts (an undeclared lock would close the socket 3003).
 */
public class TaskLocksTest {

    static final String URL = TestServer.url("locks");
    static final String GRAPHQL = URL + "/graphql";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(LockNodes.class, TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:locks")
            .overrideConfigKey("quarkus.rekuest.agent.name", "locks")
            .overrideConfigKey("quarkus.rekuest.agent.heartbeat-timeout", "3s")
            .overrideConfigKey("quarkus.http.test-port", "0");

    static final String CANCEL = "mutation($i: CancelInput!){ cancel(input:$i){ id } }";

    @Inject
    RekuestAgent agent;

    GraphQLCaller caller = new GraphQLCaller(GRAPHQL, "dev-token");

    @BeforeEach
    void clear() {
        LockNodes.RUNS.clear();
    }

    String run(String iface, String tag, int millis) {
        return caller.assign(caller.implementation(agent.agentId(), iface), Map.of("tag", tag, "millis", millis));
    }

    static List<String> messages(JsonNode task, String kind) {
        List<String> messages = new ArrayList<>();
        task.get("events").forEach(e -> {
            if (e.get("kind").asText().equals(kind) && !e.get("message").isNull()) {
                messages.add(e.get("message").asText());
            }
        });
        return messages;
    }

    @Test
    void tasksNeedingAHeldLockRunOneAtATimeInArrivalOrder() {
        String first = run("move_stage", "m1", 400);
        awaitRun("start:m1");
        String second = run("focus", "f1", 50);
        sleep(50);
        String third = run("move_stage", "m2", 50);
        String free = run("free", "x", 10);
        JsonNode freeDone = caller.awaitDone(free);
        assertEquals("COMPLETED", freeDone.get("latestEventKind").asText());
        assertFalse(LockNodes.RUNS.contains("end:m1"), "a task needing no lock does not wait for the stage: "
                + LockNodes.RUNS);
        JsonNode thirdDone = caller.awaitDone(third);
        JsonNode secondDone = caller.awaitDone(second);
        caller.awaitDone(first);
        List<String> stage = new ArrayList<>(LockNodes.RUNS);
        stage.removeIf(run -> run.endsWith(":x"));
        assertEquals(List.of("start:m1", "end:m1", "start:f1", "end:f1", "start:m2", "end:m2"), stage,
                "one at a time, in arrival order");
        assertTrue(messages(thirdDone, "PROGRESS").stream().anyMatch(m -> m.startsWith("waiting for lock stage")),
                "move_stage asks for waiting to be reported: " + thirdDone);
        assertTrue(messages(secondDone, "PROGRESS").isEmpty(), "focus does not: " + secondDone);
        assertFalse(agent.closeCodes().containsKey(3003), "the server accepted LOCK/UNLOCK: " + agent.closeCodes());
    }

    @Test
    void aTaskCancelledWhileWaitingIsReportedAtOnceAndNeverRuns() {
        String holder = run("move_stage", "hold", 1500);
        awaitRun("start:hold");
        String waiting = run("move_stage", "cancelled", 10);
        caller.awaitEvent(waiting, "PROGRESS"); // waiting for the lock
        caller.data(CANCEL, Map.of("i", Map.of("task", waiting)));
        JsonNode cancelled = caller.awaitDone(waiting, Duration.ofSeconds(1));
        assertEquals("CANCELLED", cancelled.get("latestEventKind").asText(), cancelled::toString);
        assertFalse(LockNodes.RUNS.contains("end:hold"), "cancelled before the holder finished");
        String next = run("move_stage", "next", 10);
        caller.awaitDone(next);
        caller.awaitDone(holder);
        assertFalse(LockNodes.RUNS.contains("start:cancelled"), "the cancelled task never ran: " + LockNodes.RUNS);
        assertEquals(List.of("start:hold", "end:hold", "start:next", "end:next"), LockNodes.RUNS);
    }

    @Test
    void aNodeRunsAtMostItsConcurrencyLimit() {
        LockNodes.MAX_SEGMENTS_RUNNING.set(0);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(run("segment", "s" + i, 150));
        }
        for (String task : tasks) {
            assertEquals("COMPLETED", caller.awaitDone(task).get("latestEventKind").asText());
        }
        assertEquals(2, LockNodes.MAX_SEGMENTS_RUNNING.get(), "at most 2 segment tasks at once, and 2 did run together");
    }

    private static void awaitRun(String run) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!LockNodes.RUNS.contains(run)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + run + " in " + LockNodes.RUNS);
            }
            sleep(10);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
