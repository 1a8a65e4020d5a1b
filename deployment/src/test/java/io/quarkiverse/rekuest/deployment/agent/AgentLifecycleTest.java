package io.quarkiverse.rekuest.deployment.agent;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What needs a server that misbehaves on purpose ({@link RawAgi} on {@code /agi}; registration goes to the embedded
 * server): a terminal report whose connection dies before its EVENT_ACK is re-sent after the next INIT, until
 * acknowledged; a server that stops sending HEARTBEAT is abandoned and the agent reconnects; graceful shutdown.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class AgentLifecycleTest {

    static final String URL = TestServer.url("lifecycle");
    static final String AGI = RawAgi.url("lifecycle");
    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(LifecycleNodes.class, RawAgi.class, RawAgi.View.class,
                    TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.agi-url", AGI)
            .overrideConfigKey("quarkus.rekuest.token", "dev:lifecycle")
            .overrideConfigKey("quarkus.rekuest.agent.name", "lifecycle")
            .overrideConfigKey("quarkus.rekuest.agent.heartbeat-timeout", "1s")
            .overrideConfigKey("quarkus.rekuest.agent.shutdown-grace", "1500ms")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.initial-delay", "50ms")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.max-delay", "200ms")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    RawAgi.View server = RawAgi.view("lifecycle");

    @Test
    @Order(1)
    void unconfirmedReportsOfADeadConnectionAreResentInOrderAfterTheNextInitUntilAcknowledged() {
        // neither an ack nor a heartbeat: nothing tells the agent that the server processed what it sent
        server.acks.set(false);
        server.heartbeats.set(false);
        server.frames.clear();
        server.assign("t-resend", "add", Map.of("a", 2, "b", 3));
        JsonNode yield = server.next("YIELD", "t-resend", WAIT);
        JsonNode completed = server.next("COMPLETED", "t-resend", WAIT);
        assertEquals(5, yield.get("returns").get("return0").asInt(), yield::toString);

        // the connection dies before the server confirmed anything: the server may have lost both reports
        server.drop(1011);
        server.heartbeats.set(true);
        List<JsonNode> before = new ArrayList<>();
        server.next("REGISTER", null, WAIT, before);
        assertTrue(before.isEmpty(), "nothing is sent between the drop and the new REGISTER: " + before);
        List<JsonNode> between = new ArrayList<>();
        JsonNode again = server.next("COMPLETED", "t-resend", WAIT, between);
        between.removeIf(frame -> "HEARTBEAT_ANSWER".equals(frame.path("type").asText()));
        assertEquals(completed, again, "the very same report (same id and seq)");
        assertEquals(List.of(yield), between, "the YIELD first (the server stored none of this task's), nothing else: "
                + between);
        assertEquals(1, LifecycleNodes.ADDS.get(), "the task ran once");

        // acknowledged now: a later reconnect does not send it again
        server.ack(again.get("id").asText());
        sleep(200);
        server.drop(1011);
        server.next("REGISTER", null, WAIT);
        List<JsonNode> after = server.during(Duration.ofMillis(800));
        assertTrue(after.stream().noneMatch(frame -> "t-resend".equals(frame.path("task").asText())),
                "an acknowledged report is forgotten: " + after);

        // a redelivered ASSIGN of the finished task is not run again
        server.assign("t-resend", "add", Map.of("a", 2, "b", 3));
        sleep(300);
        assertEquals(1, LifecycleNodes.ADDS.get(), "the task ran once");
        server.acks.set(true);
    }

    @Test
    @Order(2)
    void anInquiredTaskWhoseAssignComesRightAfterInitRunsInsteadOfBeingAnsweredCritical() {
        // the real server inquires about every unfinished task, including those whose ASSIGN is still queued and is
        // delivered right after INIT: answering such an inquiry CRITICAL would end a task that is about to run
        server.frames.clear();
        server.inquiries.set(List.of("t-inquired"));
        server.drop(1011);
        server.next("REGISTER", null, WAIT);
        sleep(100);
        server.assign("t-inquired", "add", Map.of("a", 20, "b", 22));
        List<JsonNode> before = new ArrayList<>();
        JsonNode yield = server.next("YIELD", "t-inquired", WAIT, before);
        assertEquals(42, yield.get("returns").get("return0").asInt(), yield::toString);
        server.next("COMPLETED", "t-inquired", WAIT);
        assertTrue(before.stream().noneMatch(frame -> "t-inquired".equals(frame.path("task").asText())),
                "nothing answered the inquiry before the ASSIGN came: " + before);
    }

    @Test
    @Order(3)
    void aServerThatStopsSendingHeartbeatsIsAbandonedAndTheAgentReconnects() {
        server.frames.clear();
        server.closes.clear();
        int registers = server.registers.get();
        long silentSince = System.nanoTime();
        server.heartbeats.set(false);
        try {
            server.next("REGISTER", null, WAIT);
        } finally {
            server.heartbeats.set(true);
        }
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentSince);
        assertTrue(silentMillis >= 900, "the agent waited for the heartbeat timeout (1 s), not " + silentMillis + " ms");
        assertEquals(registers + 1, server.registers.get());
        Integer code = poll(server.closes);
        assertEquals(4000, code, "the agent closed the silent connection itself");

        // heartbeats flow again: the new connection is kept
        assertTrue(server.during(Duration.ofMillis(2500)).stream().noneMatch(f -> "REGISTER".equals(f.path("type").asText())),
                "no reconnect while the server sends heartbeats");
        assertTrue(agent.isConnected());
        server.assign("t-after-watchdog", "add", Map.of("a", 1, "b", 1));
        server.next("COMPLETED", "t-after-watchdog", WAIT);
    }

    @Test
    @Order(4)
    void shutdownLetsInFlightTasksFinishWithinTheGraceReportsTheRestAndTakesNoNewWork() throws Exception {
        server.frames.clear();
        server.closes.clear();
        LifecycleNodes.SLEEPS.set(0);
        server.assign("t-quick", "sleeper", Map.of("millis", 600));
        server.assign("t-endless", "sleeper", Map.of("millis", 60_000));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (LifecycleNodes.SLEEPS.get() < 2 && System.nanoTime() < deadline) {
            sleep(10);
        }
        assertEquals(2, LifecycleNodes.SLEEPS.get(), "both tasks run");

        Method shutdown = RekuestAgent.class.getDeclaredMethod("shutdown");
        shutdown.setAccessible(true);
        long start = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                shutdown.invoke(agent);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        sleep(150);
        server.assign("t-late", "sleeper", Map.of("millis", 10));

        JsonNode late = server.next("CRITICAL", "t-late", WAIT);
        assertTrue(late.get("error").asText().contains("shutting down"), late::toString);
        JsonNode quick = server.next("COMPLETED", "t-quick", WAIT);
        assertTrue(quick != null);
        JsonNode endless = server.next("CRITICAL", "t-endless", WAIT);
        long reportedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(endless.get("error").asText().contains("shut down before the task finished"), endless::toString);
        assertTrue(reportedAfter >= 1400, "the task had the whole grace (1.5 s), reported after " + reportedAfter + " ms");

        stopping.get(5, TimeUnit.SECONDS);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < 4000, "shutdown took " + took + " ms");
        assertEquals(2, LifecycleNodes.SLEEPS.get(), "no new task was started during the shutdown");
        assertFalse(agent.isConnected());
        assertEquals(1000, poll(server.closes), "the agent closed its socket normally");
    }

    private static Integer poll(java.util.concurrent.BlockingQueue<Integer> queue) {
        try {
            return queue.poll(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
