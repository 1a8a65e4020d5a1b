package io.quarkiverse.rekuest.devserver.graphql;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code assign} by action, implementation and actionHash (§1.5, §10b), refused while the agent is offline, and the
 * two-phase controls: cancel, interrupt, pause and resume record the {@code -ING} event, set
 * {@code latestInstructKind} and reach the agent; the agent's confirmation completes them.
 */
class AssignAndControlTest {

    static final String ASSIGN = "mutation($i: AssignInput!){ assign(input:$i){ id reference isDone latestEventKind "
            + "latestInstructKind args parent { id } root { id } action { id } implementation { id interface } events { id } } }";

    private final Fixture fx = new Fixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    static Map<String, Object> input(String targetField, String target, Map<String, Object> args) {
        return GraphQLCaller.assignInput(targetField, target, args);
    }

    private JsonNode assign(Map<String, Object> input) {
        return fx.graphql(Fixture.CALLER).data(ASSIGN, Map.of("i", input)).get("assign");
    }

    private String assignError(Map<String, Object> input) {
        return fx.graphql(Fixture.CALLER).error(ASSIGN, Map.of("i", input));
    }

    @Test
    void assignByActionIdReturnsAFreshTaskAndQueuesTheAssign() {
        JsonNode impl = fx.implement(Fixture.AGENT, List.of(Fixture.add())).get("implementations").get(0);
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            Map<String, Object> in = input("action", impl.get("action").get("id").asText(), Map.of("a", 1, "b", 2));
            in.put("reference", "my-ref");
            JsonNode task = assign(in);
            assertEquals("STARTED", task.get("latestEventKind").asText());
            assertEquals("ASSIGN", task.get("latestInstructKind").asText());
            assertFalse(task.get("isDone").asBoolean());
            assertEquals(0, task.get("events").size(), "no events yet");
            assertEquals("my-ref", task.get("reference").asText());
            assertEquals(Map.of("a", 1, "b", 2), Api.MAPPER.convertValue(task.get("args"), Map.class));
            assertEquals(impl.get("id").asText(), task.get("implementation").get("id").asText());
            JsonNode frame = agi.nextOfType("ASSIGN");
            assertEquals(task.get("id").asText(), frame.get("task").asText());
            assertEquals("add", frame.get("interface").asText());
            assertEquals("my-ref", frame.get("reference").asText());
        }
    }

    @Test
    void referenceIsGeneratedWhenAbsentAndNotDeduplicated() {
        JsonNode impl = fx.implement(Fixture.AGENT, List.of(Fixture.add())).get("implementations").get(0);
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            JsonNode generated = assign(input("action", impl.get("action").get("id").asText(), Map.of()));
            assertEquals(36, generated.get("reference").asText().length(), "a uuid4: " + generated);
            Map<String, Object> in = input("action", impl.get("action").get("id").asText(), Map.of());
            in.put("reference", "same");
            assertFalse(assign(in).get("id").equals(assign(in).get("id")), "GraphQL assign does not deduplicate references");
        }
    }

    @Test
    void assignByImplementationIdTargetsThatImplementation() {
        JsonNode impls = fx.implement(Fixture.AGENT, List.of(Fixture.add(), Fixture.count())).get("implementations");
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            JsonNode task = assign(input("implementation", impls.get(1).get("id").asText(), Map.of("n", 3)));
            assertEquals("count", task.get("implementation").get("interface").asText());
            assertEquals("count", agi.nextOfType("ASSIGN").get("interface").asText());
        }
    }

    @Test
    void assignByActionHash() {
        JsonNode impl = fx.implement(Fixture.AGENT, List.of(Fixture.add())).get("implementations").get(0);
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            JsonNode task = assign(input("actionHash", impl.get("action").get("hash").asText(), Map.of("a", 1, "b", 1)));
            assertEquals(impl.get("action").get("id"), task.get("action").get("id"));
            JsonNode frame = agi.nextOfType("ASSIGN");
            assertEquals(impl.get("action").get("hash").asText(), frame.get("action").asText());
        }
    }

    @Test
    void actionHashSharedByTwoAppsIsAmbiguousButActionIdsWork() {
        JsonNode mine = fx.implement(Fixture.AGENT, List.of(Fixture.add())).get("implementations").get(0);
        JsonNode theirs = fx.implement(Fixture.OTHER_AGENT, List.of(Fixture.add())).get("implementations").get(0);
        assertEquals(mine.get("action").get("hash"), theirs.get("action").get("hash"));
        try (RawSocket a = fx.connect(Fixture.AGENT); RawSocket b = fx.connect(Fixture.OTHER_AGENT)) {
            String message = assignError(input("actionHash", mine.get("action").get("hash").asText(), Map.of()));
            assertTrue(message.startsWith("get() returned more than one Action"), message);
            assign(input("action", theirs.get("action").get("id").asText(), Map.of()));
            assertEquals(theirs.get("id").asText(), b.nextOfType("ASSIGN").get("implementation").asText());
            assign(input("action", mine.get("action").get("id").asText(), Map.of()));
            assertEquals(mine.get("id").asText(), a.nextOfType("ASSIGN").get("implementation").asText());
        }
    }

    @Test
    void assignIsRefusedWhileTheAgentIsOffline() {
        JsonNode impl = fx.implement(Fixture.AGENT, List.of(Fixture.add())).get("implementations").get(0);
        String action = impl.get("action").get("id").asText();
        assertEquals("No active implementation found for action add", assignError(input("action", action, Map.of())));
        assertEquals("No active implementation found for action add",
                assignError(input("actionHash", impl.get("action").get("hash").asText(), Map.of())));
        assertEquals("Agent is not available (not connected, and not a webhook agent)",
                assignError(input("implementation", impl.get("id").asText(), Map.of())));
        assertEquals(0, fx.graphql(Fixture.CALLER).data("{ tasks { id } }", Map.of()).get("tasks").size(),
                "a refused assign creates no task");

        // online: accepted; gone again: refused again
        RawSocket agi = fx.connect(Fixture.AGENT);
        assign(input("action", action, Map.of()));
        agi.close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !fx.graphql(Fixture.CALLER)
                .data("query($id: ID!){ agent(id:$id){ active } }", Map.of("id", agentId()))
                .get("agent").get("active").asBoolean());
        assertEquals("No active implementation found for action add", assignError(input("action", action, Map.of())));
    }

    @Test
    void assignWithoutATargetOrWithAnUnknownOneIsAnError() {
        assertTrue(assignError(input("reference", "x", Map.of())).contains("action, implementation or actionHash"));
        assertEquals("Action 999 not found", assignError(input("action", "999", Map.of())));
        assertEquals("Implementation 999 not found", assignError(input("implementation", "999", Map.of())));
        assertTrue(assignError(input("actionHash", "feed", Map.of())).contains("does not exist"));
    }

    @Test
    void agentPlusInterfaceIsIgnoredByGraphQLAssign() {
        fx.implement(Fixture.AGENT, List.of(Fixture.add()));
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            Map<String, Object> in = input("agent", agentId(), Map.of());
            in.put("interface", "add");
            assertTrue(assignError(in).contains("No target given"), "v2.2.0 quirk (§10)");
        }
    }

    @Test
    void assignWithAParentRecordsTheParentButNoRoot() {
        JsonNode impl = fx.implement(Fixture.AGENT, List.of(Fixture.add())).get("implementations").get(0);
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            String action = impl.get("action").get("id").asText();
            String parent = assign(input("action", action, Map.of())).get("id").asText();
            Map<String, Object> in = input("action", action, Map.of());
            in.put("parent", parent);
            JsonNode child = assign(in);
            assertEquals(parent, child.get("parent").get("id").asText());
            assertTrue(child.get("root").isNull(), "v2.2.0 keeps root null for assign(parent) children (§10)");
            agi.nextOfType("ASSIGN");
            JsonNode frame = agi.nextOfType("ASSIGN");
            assertEquals(child.get("id").asText(), frame.get("task").asText());
            assertTrue(frame.get("parent").isNull() && frame.get("root").isNull(),
                    "root/parent are null on normal dispatch in v2.2.0 (§2.3): " + frame);
        }
    }

    private String agentId() {
        return fx.graphql(Fixture.AGENT).data("{ agent(app: \"agent-app\") { id } }", Map.of()).get("agent").get("id").asText();
    }

    // -- two-phase controls

    @Test
    void cancelRecordsCancellingReachesTheAgentAndCompletesOnCancelled() {
        control("cancel", "CANCEL", "CANCELLING", "CANCELLED", true);
    }

    @Test
    void interruptRecordsInterruptingReachesTheAgentAndCompletesOnInterrupted() {
        control("interrupt", "INTERRUPT", "INTERRUPTING", "INTERRUPTED", true);
    }

    @Test
    void pauseRecordsPausingReachesTheAgentAndIsConfirmedByPaused() {
        control("pause", "PAUSE", "PAUSING", "PAUSED", false);
    }

    @Test
    void resumeRecordsResumingReachesTheAgentWithStepAndIsConfirmedByResumed() {
        control("resume", "RESUME", "RESUMING", "RESUMED", false);
    }

    private void control(String mutation, String instruct, String pending, String confirmed, boolean terminal) {
        JsonNode impl = fx.implement(Fixture.AGENT, List.of(Fixture.count())).get("implementations").get(0);
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            String task = assign(input("action", impl.get("action").get("id").asText(), Map.of("n", 5))).get("id").asText();
            agi.nextOfType("ASSIGN");
            agi.send(Fixture.frame("STARTED", task, "seq", 1));
            agi.nextOfType("EVENT_ACK");

            String inputType = Character.toUpperCase(mutation.charAt(0)) + mutation.substring(1) + "Input";
            Map<String, Object> in = new LinkedHashMap<>(Map.of("task", task));
            if ("resume".equals(mutation)) {
                in.put("step", true);
            }
            JsonNode result = fx.graphql(Fixture.CALLER).data("mutation($i: " + inputType + "!){ " + mutation
                    + "(input:$i){ id latestEventKind latestInstructKind isDone } }", Map.of("i", in)).get(mutation);
            assertEquals(task, result.get("id").asText());
            assertEquals(instruct, result.get("latestInstructKind").asText());
            assertEquals(pending, result.get("latestEventKind").asText());
            assertFalse(result.get("isDone").asBoolean(), "the control only resolves when the agent confirms");
            assertEquals(List.of("STARTED", pending), fx.eventKinds(Fixture.CALLER, task));

            JsonNode frame = agi.nextOfType(instruct);
            assertEquals(task, frame.get("task").asText());
            if ("resume".equals(mutation)) {
                assertTrue(frame.get("step").asBoolean(), "RESUME carries step: " + frame);
            }
            agi.send(Fixture.frame(confirmed, task, "seq", 2));
            assertEquals(task, agi.nextOfType("EVENT_ACK").get("task").asText());
            JsonNode after = fx.task(Fixture.CALLER, task);
            assertEquals(confirmed, after.get("latestEventKind").asText());
            assertEquals(terminal, after.get("isDone").asBoolean());
            assertEquals(List.of("STARTED", pending, confirmed), fx.eventKinds(Fixture.CALLER, task));
            if (terminal) {
                String message = fx.graphql(Fixture.CALLER).error("mutation($i: " + inputType + "!){ " + mutation
                        + "(input:$i){ id } }", Map.of("i", Map.of("task", task)));
                assertEquals("Task is already terminal", message);
            }
        }
    }

    @Test
    void controlOfAnUnknownTaskIsAnError() {
        assertEquals("Task 77 not found", fx.graphql(Fixture.CALLER).error(
                "mutation{ cancel(input:{task: \"77\"}){ id } }", Map.of()));
    }
}
