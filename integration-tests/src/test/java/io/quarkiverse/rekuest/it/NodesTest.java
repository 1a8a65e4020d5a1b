package io.quarkiverse.rekuest.it;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;

import static io.quarkiverse.rekuest.test.wire.GraphQLCaller.event;
import static io.quarkiverse.rekuest.test.wire.GraphQLCaller.reports;
import static io.quarkiverse.rekuest.test.wire.GraphQLCaller.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every supported node shape, assigned through the GraphQL API of the embedded rekuest server that Dev Services
 * started, as any caller on the platform would: the assertions are on the events the server recorded.
 */
@QuarkusTest
public class NodesTest {

    static final String AGENT_NAME = "rekuest-demo";

    GraphQLCaller caller;
    Map<String, String> implementations;

    /** A caller on the server the application is connected to, with the token Dev Services injected. */
    protected GraphQLCaller caller() {
        Config config = ConfigProvider.getConfig();
        return GraphQLCaller.ofServer(config.getValue("quarkus.rekuest.url", String.class),
                config.getValue("quarkus.rekuest.token", String.class));
    }

    @BeforeEach
    void connect() {
        caller = caller();
        implementations = caller.implementations(caller.agentNamed(AGENT_NAME));
    }

    String assign(String iface, Map<String, Object> args) {
        String implementation = implementations.get(iface);
        assertTrue(implementation != null, () -> "no implementation of " + iface + " in " + implementations);
        return caller.assign(implementation, args);
    }

    JsonNode run(String iface, Map<String, Object> args) {
        return caller.awaitDone(assign(iface, args));
    }

    @Test
    void everyNodeIsRegistered() {
        assertEquals(List.of("add", "apply", "await", "binomial", "countdown", "crash", "divide", "factorial", "greet",
                "move_stage", "multiply", "range", "shout", "sleep", "slow_square", "square", "steps", "summarize",
                "thread_kind", "ticker"),
                implementations.keySet().stream().sorted().toList());
    }

    @Test
    void blockingNode() {
        JsonNode task = run("add", Map.of("a", 2, "b", 3));
        assertEquals(List.of("YIELD", "COMPLETED"), reports(task), task::toString);
        assertEquals(5, result(task).asInt());
    }

    @Test
    void missingArgumentTakesItsDefault() {
        assertEquals(42, result(run("add", Map.of("a", 41))).asInt());
    }

    @Test
    void uniNodeWithAndWithoutItsOptionalArgument() {
        JsonNode task = run("greet", Map.of("name", "Ada"));
        assertEquals(List.of("YIELD", "COMPLETED"), reports(task), task::toString);
        assertEquals("Hello, Ada!", result(task).asText());
        assertEquals("Bonjour, Ada!", result(run("greet", Map.of("name", "Ada", "greeting", "Bonjour"))).asText());
    }

    @Test
    void generatorYieldsEveryItem() {
        JsonNode task = run("countdown", Map.of("from", 3));
        assertEquals(List.of("YIELD", "YIELD", "YIELD", "YIELD", "COMPLETED"), reports(task), task::toString);
        List<Integer> items = new java.util.ArrayList<>();
        task.get("events").forEach(e -> {
            if (e.get("kind").asText().equals("YIELD")) {
                items.add(e.get("returns").get("return0").asInt());
            }
        });
        assertEquals(List.of(3, 2, 1, 0), items);
    }

    @Test
    void virtualThreadNodeRuns() {
        JsonNode task = run("thread_kind", Map.of());
        assertEquals(List.of("YIELD", "COMPLETED"), reports(task), task::toString);
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadNodeRunsOnAVirtualThreadOnJdk21AndLater() {
        assertEquals("virtual", result(run("thread_kind", Map.of())).asText());
    }

    @Test
    void progressAndLogThroughTheTaskHandle() {
        JsonNode task = run("shout", Map.of("words", List.of("hello", "world")));
        assertEquals(List.of("LOG", "PROGRESS", "LOG", "PROGRESS", "YIELD", "COMPLETED"), reports(task), task::toString);
        assertEquals(100, event(task, "PROGRESS").get("progress").asInt(), task::toString);
        assertEquals("word 2 of 2", event(task, "PROGRESS").get("message").asText());
        assertEquals("shouting world", event(task, "LOG").get("message").asText());
        assertEquals("[\"HELLO\",\"WORLD\"]", result(task).toString());
    }

    @Test
    void nodeFailureIsFailedWithItsMessage() {
        JsonNode task = run("divide", Map.of("dividend", 1, "divisor", 0));
        assertEquals(List.of("FAILED"), reports(task), task::toString);
        assertEquals("Cannot divide 1.0 by zero", event(task, "FAILED").get("message").asText());
        assertEquals(0.5, result(run("divide", Map.of("dividend", 1, "divisor", 2))).asDouble());
    }

    @Test
    void crashIsCriticalAndTheAgentGoesOn() {
        JsonNode task = run("crash", Map.of());
        assertEquals(List.of("CRITICAL"), reports(task), task::toString);
        assertTrue(event(task, "CRITICAL").get("message").asText().contains("the lab is on fire"), task::toString);
        assertEquals(3, result(run("add", Map.of("a", 1, "b", 2))).asInt());
    }

    @Test
    void badArgumentsFailNamingThePort() {
        JsonNode task = run("summarize", Map.of("measurements", List.of(Map.of("name", "a", "value", "long", "unit", "NM")),
                "unit", "NM"));
        assertEquals(List.of("FAILED"), reports(task), task::toString);
        assertTrue(event(task, "FAILED").get("message").asText().contains("value"), task::toString);
    }

    @Test
    void recordsEnumsListsAndOptionals() {
        List<Map<String, Object>> measurements = List.of(
                Map.of("name", "a", "value", 1, "unit", "UM"),
                Map.of("name", "b", "value", 3000, "unit", "NM"));
        JsonNode summary = result(run("summarize", Map.of("measurements", measurements, "unit", "NM", "label", "cells")));
        assertEquals("cells", summary.get("label").asText(), summary::toString);
        assertEquals(2, summary.get("count").asInt());
        assertEquals(2000.0, summary.get("mean").asDouble());
        assertEquals("NM", summary.get("unit").asText());
        assertEquals("[\"a\",\"b\"]", summary.get("names").toString());

        summary = result(run("summarize", Map.of("measurements", List.of(), "unit", "MM")));
        assertEquals("series", summary.get("label").asText(), summary::toString);
        assertEquals(0, summary.get("count").asInt());
    }

    @Test
    void slowBlockingNodeCompletes() {
        JsonNode task = run("sleep", Map.of("millis", 300));
        assertEquals(List.of("YIELD", "COMPLETED"), reports(task), task::toString);
        assertEquals(300, result(task).asLong());
    }

    @Test
    void cancellingABlockingNodeInterruptsIt() {
        String id = assign("sleep", Map.of("millis", 600_000));
        GraphQLCaller.sleep(300);
        caller.control("cancel", id);
        JsonNode task = caller.awaitDone(id);
        assertEquals(List.of("CANCELLED"), reports(task), task::toString);
    }

    @Test
    void cancellingAUniNodeCancelsTheUni() {
        String id = assign("await", Map.of("millis", 600_000));
        GraphQLCaller.sleep(300);
        caller.control("cancel", id);
        JsonNode task = caller.awaitDone(id);
        assertEquals(List.of("CANCELLED"), reports(task), task::toString);
    }

    @Test
    void cancellingAGeneratorStopsTheStream() {
        String id = assign("ticker", Map.of("intervalMillis", 50));
        caller.awaitEvent(id, "YIELD");
        caller.control("cancel", id);
        JsonNode task = caller.awaitDone(id);
        List<String> reports = reports(task);
        assertEquals("CANCELLED", reports.get(reports.size() - 1), task::toString);
        assertTrue(reports.subList(0, reports.size() - 1).stream().allMatch("YIELD"::equals), task::toString);
    }

    @Test
    void interruptIsReportedInterrupted() {
        String id = assign("sleep", Map.of("millis", 600_000));
        GraphQLCaller.sleep(300);
        caller.control("interrupt", id);
        JsonNode task = caller.awaitDone(id);
        assertEquals(List.of("INTERRUPTED"), reports(task), task::toString);
    }

    @Test
    void pauseAndResumeAtThePausePoint() {
        String id = assign("steps", Map.of("steps", 20, "stepMillis", 50));
        GraphQLCaller.sleep(200);
        caller.control("pause", id);
        caller.awaitEvent(id, "PAUSED");
        caller.control("resume", id);
        JsonNode task = caller.awaitDone(id);
        assertEquals(List.of("PAUSED", "RESUMED", "YIELD", "COMPLETED"), reports(task), task::toString);
        assertEquals(20, result(task).asInt());
    }
}
