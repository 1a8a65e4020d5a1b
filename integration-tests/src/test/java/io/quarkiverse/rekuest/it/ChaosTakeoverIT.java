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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaos (e): a new-session takeover. The packaged application runs a physical, an idempotent and a plain task, is
 * killed (SIGKILL: no shutdown, no last report) and started again: a new process, so a new {@code session_id}. The
 * server applies its loss rules when the new process registers, and the new process serves what they give back:
 * <ul>
 * <li>the physical task ({@code move_stage}) ends CRITICAL, never run twice;</li>
 * <li>the idempotent task ({@code slow_square}) is assigned again and completed by the new process, with its value;</li>
 * <li>the plain task ({@code sleep}) is DISCONNECTED: not done, its fate unknown, and nothing invents a result.</li>
 * </ul>
 * The server's disconnect grace is long (60 s), so only the new session, not the grace, triggers the rules.
 */
@Timeout(180)
public class ChaosTakeoverIT {

    DevServer server;
    final List<Process> apps = new ArrayList<>();
    final List<String> output = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() throws InterruptedException {
        for (Process app : apps) {
            app.destroyForcibly();
            app.waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNewProcessOfTheAgentGetsTheLossRulesAppliedAtOnceAndServesWhatTheyGiveBack() throws Exception {
        server = DevServer.start(DevServerConfig.builder().port(0).grace(Duration.ofSeconds(60)).build());
        Process first = startApp("first");
        GraphQLCaller caller = GraphQLCaller.ofServer(server.httpUrl(), "dev:chaos-takeover-caller");
        String agent = caller.agentNamed(NodesTest.AGENT_NAME);
        Map<String, String> implementations = caller.implementations(agent);
        String physical = caller.assign(implementations.get("move_stage"), Map.of("millis", 60_000));
        String idempotent = caller.assign(implementations.get("slow_square"), Map.of("x", 12, "millis", 3_000));
        String plain = caller.assign(implementations.get("sleep"), Map.of("millis", 60_000));
        for (String task : List.of(physical, idempotent, plain)) {
            caller.awaitEvent(task, "STARTED");
        }

        first.destroyForcibly();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS), "the first process was killed");
        startApp("second");

        JsonNode stage = caller.awaitDone(physical);
        assertEquals("CRITICAL", last(stage), stage::toString);
        JsonNode square = caller.awaitDone(idempotent);
        assertEquals(List.of("YIELD", "COMPLETED"), GraphQLCaller.reports(square).stream()
                .filter(kind -> !"STARTED".equals(kind)).toList(), square::toString);
        assertEquals(144, GraphQLCaller.result(square).asInt(), square::toString);
        JsonNode sleeping = caller.task(plain);
        assertFalse(sleeping.get("isDone").asBoolean(), sleeping::toString);
        assertTrue(GraphQLCaller.kinds(sleeping).contains("DISCONNECTED"), sleeping::toString);
        assertFalse(GraphQLCaller.kinds(sleeping).contains("YIELD"), "no result was invented: " + sleeping);
    }

    private static String last(JsonNode task) {
        List<String> kinds = GraphQLCaller.kinds(task);
        return kinds.get(kinds.size() - 1);
    }

    private Process startApp(String name) throws Exception {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        List<String> command = PackagedApp.command(List.of(
                "-Dquarkus.rekuest.url=" + server.httpUrl(),
                "-Dquarkus.rekuest.token=dev:shutdown-it",
                "-Dquarkus.rekuest.agent.send-started=true",
                "-Dquarkus.http.port=0",
                "-Dquarkus.http.host=127.0.0.1"));
        Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
        apps.add(app);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(name + ": " + line);
                    if (line.contains("rekuest agent") && line.contains(" connected")) {
                        connected.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            connected.completeExceptionally(new IllegalStateException("the application ended"));
        }, "takeover-it-" + name);
        reader.setDaemon(true);
        reader.start();
        try {
            connected.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the " + name + " application did not connect: " + String.join("\n", output), e);
        }
        return app;
    }
}
