package io.quarkiverse.rekuest.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;

import static io.quarkiverse.rekuest.test.wire.GraphQLCaller.event;
import static io.quarkiverse.rekuest.test.wire.GraphQLCaller.reports;
import static io.quarkiverse.rekuest.test.wire.GraphQLCaller.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graceful shutdown end to end: the packaged application ({@code target/quarkus-app/quarkus-run.jar}), connected to an
 * embedded server of the test's own, is stopped with SIGTERM while it runs a task that ends within
 * {@code quarkus.rekuest.agent.shutdown-grace} and one that does not: the first completes, the second is reported
 * CRITICAL at the end of the grace, a task assigned meanwhile is refused without being started, and the application
 * exits (143, the JVM's exit status for SIGTERM) once the grace is over. Not a {@code @QuarkusIntegrationTest}: the
 * test starts the application itself, to signal it. The assertions are on the server's view and the application's
 * output.
 */
@Timeout(120)
public class GracefulShutdownIT {

    static final Duration GRACE = Duration.ofSeconds(2);
    /** How long the application may take after the grace: acknowledgements, closing the socket, stopping Quarkus. */
    static final Duration MARGIN = Duration.ofSeconds(8);
    static final Duration START = Duration.ofSeconds(60);

    DevServer server;
    Process app;
    Thread reader;
    final List<String> output = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<Void> connected = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        server = DevServer.start(DevServerConfig.builder().port(0).build());
        List<String> command = PackagedApp.command(List.of(
                "-Dquarkus.rekuest.url=" + server.httpUrl(),
                "-Dquarkus.rekuest.token=dev:shutdown-it",
                "-Dquarkus.rekuest.agent.shutdown-grace=" + GRACE.toMillis() + "ms",
                // a STARTED report: the server sees when the agent started a task
                "-Dquarkus.rekuest.agent.send-started=true",
                "-Dquarkus.http.port=0",
                "-Dquarkus.http.host=127.0.0.1"));
        app = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    if (line.contains("rekuest agent") && line.contains(" connected")) {
                        connected.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            connected.completeExceptionally(new IllegalStateException("the application ended"));
        }, "shutdown-it-output");
        reader.setDaemon(true);
        reader.start();
        try {
            connected.get(START.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the application did not connect: " + log().get(), e);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.destroyForcibly();
            app.waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sigtermLetsInFlightTasksFinishWithinTheGraceReportsTheRestAndTakesNoNewWork() throws Exception {
        GraphQLCaller caller = GraphQLCaller.ofServer(server.httpUrl(), DevServerConfig.DEV_TOKEN);
        String agent = caller.agentNamed(NodesTest.AGENT_NAME);
        Map<String, String> implementations = caller.implementations(agent);
        String longTask = caller.assign(implementations.get("sleep"), Map.of("millis", 60_000));
        String shortTask = caller.assign(implementations.get("sleep"), Map.of("millis", 1_000));
        caller.awaitEvent(longTask, "STARTED");
        caller.awaitEvent(shortTask, "STARTED");
        assertFalse(caller.task(shortTask).get("isDone").asBoolean(), "the short task is still running at SIGTERM");

        long signalled = System.nanoTime();
        // SIGTERM; not app.destroy(), which also closes the output pipe, so that the shutdown's log would be lost
        assertTrue(app.toHandle().destroy(), "SIGTERM sent");

        // while the grace runs, a new task is refused, not started (one assigned before the shutdown began still runs)
        long probing = signalled + GRACE.minusMillis(300).toNanos();
        List<JsonNode> probes = new ArrayList<>();
        JsonNode refused = null;
        while (refused == null && System.nanoTime() < probing) {
            String task = caller.assign(implementations.get("add"), Map.of("a", 2, "b", 3));
            JsonNode probe = awaitDone(caller, task, probing);
            probes.add(probe);
            if (reports(probe).equals(List.of("CRITICAL"))) {
                refused = probe;
            }
        }

        assertTrue(app.waitFor(GRACE.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS),
                () -> "the application did not exit within the grace + " + MARGIN + ": " + log().get());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
        int exit = app.exitValue();
        reader.join(5_000); // the last lines may still be in the pipe

        JsonNode finished = caller.task(shortTask);
        assertEquals(List.of("STARTED", "YIELD", "COMPLETED"), reports(finished), finished::toString);
        assertEquals(1_000, result(finished).asInt(), finished::toString);

        JsonNode cut = caller.task(longTask);
        assertEquals(List.of("STARTED", "CRITICAL"), reports(cut), cut::toString);
        assertEquals("The agent shut down before the task finished", event(cut, "CRITICAL").get("message").asText(),
                cut::toString);

        assertNotNull(refused, () -> "no task was refused while the grace ran: " + probes);
        assertEquals("The agent is shutting down; the task was not started",
                event(refused, "CRITICAL").get("message").asText(), refused::toString);
        for (JsonNode probe : probes.subList(0, probes.size() - 1)) {
            assertEquals(List.of("STARTED", "YIELD", "COMPLETED"), reports(probe), probe::toString);
        }

        // the JVM's answer to SIGTERM (128 + 15), after Quarkus stopped in its shutdown hook
        assertEquals(143, exit, log());
        assertTrue(took >= GRACE.toMillis(), "the application waited for the grace, not only " + took + " ms");
        String cutOff = "Task " + longTask + " of Lab#sleep(long) did not finish within the shutdown grace; reporting it"
                + " CRITICAL";
        assertTrue(output.stream().anyMatch(line -> line.contains("WARN") && line.endsWith(cutOff)), log());
        assertTrue(output.stream().anyMatch(line -> line.contains(NodesTest.AGENT_NAME + " stopped in")), log());
        assertTrue(output.stream().anyMatch(line -> line.contains("rekuest agent ") && line.contains(
                " stopped (1 task(s) cut off at the end of the shutdown grace of PT2S)")), log());
    }

    /** The task once done, or as it is at the deadline. */
    private static JsonNode awaitDone(GraphQLCaller caller, String id, long deadline) {
        JsonNode task = caller.task(id);
        while (!task.get("isDone").asBoolean() && System.nanoTime() < deadline) {
            GraphQLCaller.sleep(25);
            task = caller.task(id);
        }
        return task;
    }

    private Supplier<String> log() {
        return () -> {
            synchronized (output) {
                return "\n" + String.join("\n", output);
            }
        };
    }
}
