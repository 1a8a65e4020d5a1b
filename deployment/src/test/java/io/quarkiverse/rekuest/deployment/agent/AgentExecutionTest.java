package io.quarkiverse.rekuest.deployment.agent;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.graphql.AgentDeclaration;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;

import static io.quarkiverse.rekuest.test.wire.GraphQLCaller.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every execution shape against the embedded server: assign over GraphQL, assert the task's events. */
public class AgentExecutionTest {

    static final String URL = TestServer.url("exec");
    static final String GRAPHQL = URL + "/graphql";

    static final String TOKEN = "dev:exec";

    /** What the agent reports (the server adds its own events around them). */
    static final Set<String> REPORTS = Set.copyOf(GraphQLCaller.REPORTS);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(ExecNodes.class, TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", TOKEN)
            .overrideConfigKey("quarkus.rekuest.agent.name", "exec")
            .overrideConfigKey("quarkus.rekuest.agent.heartbeat-timeout", "3s")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @Inject
    NodeRegistry registry;

    GraphQLCaller caller = new GraphQLCaller(GRAPHQL, "dev-token");
    Map<String, String> implementations;

    @BeforeEach
    void implementations() {
        assertTrue(agent.isConnected(), "the agent is connected once the application has started");
        implementations = caller.implementations(agent.agentId());
    }

    String assign(String iface, Map<String, Object> args) {
        String implementation = implementations.get(iface);
        assertTrue(implementation != null, () -> "no implementation " + iface + " in " + implementations);
        return caller.assign(implementation, args);
    }

    static List<String> reports(JsonNode task) {
        List<String> kinds = new ArrayList<>(GraphQLCaller.kinds(task));
        kinds.retainAll(REPORTS);
        return kinds;
    }

    @Test
    void blockingNodeYieldsOnceAndCompletes() {
        JsonNode task = caller.awaitDone(assign("add", Map.of("a", 2, "b", 3)));
        assertEquals(List.of("YIELD", "COMPLETED"), reports(task), task::toString);
        assertEquals(5, event(task, "YIELD").get("returns").get("return0").asInt());
    }

    @Test
    void missingArgumentTakesItsDefaultAndNumericStringsAreIntegers() {
        JsonNode task = caller.awaitDone(assign("add", Map.of("a", "7")));
        assertEquals(17, event(task, "YIELD").get("returns").get("return0").asInt(), task::toString);
    }

    @Test
    void uniNodeOnTheEventLoopWithAnOptionalArgument() {
        JsonNode task = caller.awaitDone(assign("greet", Map.of("name", "Ada")));
        assertEquals(List.of("YIELD", "COMPLETED"), reports(task), task::toString);
        assertEquals("Hello, Ada", event(task, "YIELD").get("returns").get("return0").asText());
    }

    @Test
    void generatorYieldsEveryItem() {
        JsonNode task = caller.awaitDone(assign("count_to", Map.of("n", 3)));
        assertEquals(List.of("YIELD", "YIELD", "YIELD", "COMPLETED"), reports(task), task::toString);
    }

    @Test
    void progressAndLogComeOnlyFromTheTaskHandle() {
        JsonNode task = caller.awaitDone(assign("chatty", Map.of("words", List.of("a", "b"))));
        assertEquals(List.of("PROGRESS", "LOG", "YIELD", "COMPLETED"), reports(task), task::toString);
        assertEquals("[\"A\",\"B\"]", event(task, "YIELD").get("returns").get("return0").toString());
    }

    @Test
    void recordsAndEnumsGoThroughGeneratedAdapters() {
        JsonNode task = caller.awaitDone(assign("move", Map.of("from", Map.of("x", 1, "y", 2), "direction", "NORTH")));
        JsonNode point = event(task, "YIELD").get("returns").get("return0");
        assertEquals(1, point.get("x").asInt(), task::toString);
        assertEquals(3, point.get("y").asInt());
    }

    @Test
    void voidNodeCompletesWithoutYield() {
        JsonNode task = caller.awaitDone(assign("nothing", Map.of()));
        assertEquals(List.of("COMPLETED"), reports(task), task::toString);
    }

    @Test
    void nodeFailureIsFailedWithItsMessage() {
        JsonNode task = caller.awaitDone(assign("refuse", Map.of("why", "no")));
        assertEquals(List.of("FAILED"), reports(task), task::toString);
        assertEquals("refused: no", event(task, "FAILED").get("message").asText());
    }

    @Test
    void unexpectedExceptionIsCritical() {
        JsonNode task = caller.awaitDone(assign("crash", Map.of()));
        assertEquals(List.of("CRITICAL"), reports(task), task::toString);
        assertTrue(event(task, "CRITICAL").get("message").asText().contains("boom"), task::toString);
    }

    @Test
    void wrongArgumentTypeFailsNamingThePortAndTheNextTaskRuns() {
        JsonNode task = caller.awaitDone(assign("move", Map.of("from", Map.of("x", "left", "y", 2), "direction", "NORTH")));
        assertEquals(List.of("FAILED"), reports(task), task::toString);
        assertTrue(event(task, "FAILED").get("message").asText().contains("'from.x'"), task::toString);

        task = caller.awaitDone(assign("move", Map.of("from", Map.of("x", 1, "y", 2), "direction", "WEST")));
        assertEquals(List.of("FAILED"), reports(task), task::toString);
        assertTrue(event(task, "FAILED").get("message").asText().contains("'direction'"), task::toString);

        task = caller.awaitDone(assign("add", Map.of("b", 1)));
        assertEquals(List.of("FAILED"), reports(task), task::toString);
        assertTrue(event(task, "FAILED").get("message").asText().contains("'a' is required"), task::toString);

        task = caller.awaitDone(assign("add", Map.of("a", 1)));
        assertEquals(List.of("YIELD", "COMPLETED"), reports(task), task::toString);
    }

    @Test
    void cancellingASlowUniCancelsIt() {
        String id = assign("slow_uni", Map.of());
        sleep(200);
        caller.control("cancel", id);
        JsonNode task = caller.awaitDone(id);
        assertEquals(List.of("CANCELLED"), reports(task), task::toString);
    }

    @Test
    void cancellingABlockingTaskInterruptsItsThread() {
        String id = assign("slow_blocking", Map.of());
        sleep(200);
        caller.control("cancel", id);
        JsonNode task = caller.awaitDone(id);
        assertEquals(List.of("CANCELLED"), reports(task), task::toString);
    }

    @Test
    void interruptIsReportedInterrupted() {
        String id = assign("slow_blocking", Map.of());
        sleep(200);
        caller.control("interrupt", id);
        JsonNode task = caller.awaitDone(id);
        assertEquals(List.of("INTERRUPTED"), reports(task), task::toString);
    }

    @Test
    void pauseAndResumeThroughThePausePoint() {
        // the task pauses only when it reaches its pause point after PAUSE
        String id = assign("pausable", Map.of());
        JsonNode task = caller.awaitDone(id);
        assertEquals(List.of("YIELD", "COMPLETED"), reports(task), task::toString);
    }

    @Test
    void pauseStopsTheTaskAtItsPausePointAndResumeLetsItFinish() {
        ExecNodes.STEPS.set(0);
        String id = assign("stepper", Map.of("steps", 60));
        await(() -> ExecNodes.STEPS.get() >= 3, "the task runs");
        caller.control("pause", id);
        caller.awaitEvent(id, "PAUSED");
        int paused = ExecNodes.STEPS.get();
        sleep(400);
        assertEquals(paused, ExecNodes.STEPS.get(), "a paused task takes no step");
        assertTrue(!caller.task(id).get("isDone").asBoolean(), "a paused task is not done");

        caller.control("resume", id);
        JsonNode task = caller.awaitDone(id);
        assertEquals(60, ExecNodes.STEPS.get(), task::toString);
        assertEquals(List.of("PAUSED", "RESUMED", "YIELD", "COMPLETED"), reports(task), task::toString);
        List<String> kinds = GraphQLCaller.kinds(task);
        assertTrue(kinds.indexOf("PAUSING") >= 0 && kinds.indexOf("PAUSING") < kinds.indexOf("PAUSED")
                && kinds.indexOf("PAUSED") < kinds.indexOf("RESUMING") && kinds.indexOf("RESUMING") < kinds.indexOf("RESUMED")
                && kinds.indexOf("RESUMED") < kinds.indexOf("COMPLETED"), task::toString);
        assertEquals(60, event(task, "YIELD").get("returns").get("return0").asInt(), task::toString);
    }

    @Test
    void cancellingAPausedTaskEndsIt() {
        ExecNodes.STEPS.set(0);
        String id = assign("stepper", Map.of("steps", 1000));
        await(() -> ExecNodes.STEPS.get() >= 2, "the task runs");
        caller.control("pause", id);
        caller.awaitEvent(id, "PAUSED");
        caller.control("cancel", id);
        JsonNode task = caller.awaitDone(id);
        assertEquals(List.of("PAUSED", "CANCELLED"), reports(task), task::toString);
    }

    static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            sleep(10);
        }
    }

    @Test
    void unknownInterfaceIsCriticalAndTheAgentGoesOn() throws Exception {
        // declare one more implementation for the agent's own identity, which this agent does not serve
        List<NodeMetadata> nodes = new ArrayList<>();
        registry.nodes().forEach(node -> nodes.add(node.metadata()));
        String input = new AgentDeclaration("exec", nodes).implementAgentInput();
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = GraphQLCaller.MAPPER.readValue(new StringReader(input), LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        List<Object> declared = (List<Object>) variables.get("implementations");
        @SuppressWarnings("unchecked")
        Map<String, Object> ghost = GraphQLCaller.MAPPER.convertValue(declared.get(0), LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> definition = (Map<String, Object>) ghost.get("definition");
        definition.put("key", "ghost");
        definition.put("name", "Ghost");
        ghost.put("interface", "ghost");
        declared.add(ghost);
        variables.put("hash", "changed-by-the-test");
        new GraphQLCaller(GRAPHQL, TOKEN)
                .data("mutation($i: ImplementAgentInput!){ implementAgent(input: $i){ id } }", Map.of("i", variables));

        String ghostImplementation = caller.implementations(agent.agentId()).get("ghost");
        JsonNode task = caller.awaitDone(caller.assign(ghostImplementation, Map.of("a", 1)));
        assertEquals(List.of("CRITICAL"), reports(task), task::toString);
        assertTrue(event(task, "CRITICAL").get("message").asText().contains("'ghost'"), task::toString);

        task = caller.awaitDone(assign("add", Map.of("a", 1, "b", 1)));
        assertEquals(List.of("YIELD", "COMPLETED"), reports(task), task::toString);
    }

    @Test
    void mirrorsOfTheAgentsOwnTasksAreNeverAnswered() {
        // the agent's identity assigns to itself: its socket also receives the *_EVENT mirrors of the task
        GraphQLCaller self = new GraphQLCaller(GRAPHQL, TOKEN);
        JsonNode task = self.awaitDone(self.assign(implementations.get("count_to"), Map.of("n", 2)));
        assertEquals(List.of("YIELD", "YIELD", "COMPLETED"), reports(task), task::toString);
        sleep(300);
        assertEquals(List.of("YIELD", "YIELD", "COMPLETED"), reports(self.task(task.get("id").asText())),
                "no report after the mirrors");
        task = caller.awaitDone(assign("add", Map.of("a", 1, "b", 1)));
        assertEquals(List.of("YIELD", "COMPLETED"), reports(task), task::toString);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
