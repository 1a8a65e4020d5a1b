package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent acting as caller over {@code /agi} (§2.8): ASSIGN_REQUEST for dependent work, the control requests and
 * their CONTROL_RESPONSE, and the {@code *_EVENT} mirrors of work the identity originated. AGENT is the caller here;
 * OTHER_AGENT executes the children.
 */
class CallerOverAgiTest {

    private static final String TASK_PARENT = "query($id: ID!){ task(id:$id){ id parent { id } } }";

    private final Fixture fx = new Fixture();
    private Agi.Implemented add;
    private Agi.Implemented count;
    private Agi.Connection agent;
    private Agi.Connection other;
    private String parent;

    @BeforeEach
    void start() {
        add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
        count = Agi.implement(fx, Fixture.OTHER_AGENT, Fixture.count());
        agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false);
        other = Agi.register(fx, Fixture.OTHER_AGENT, Agi.session(), false);
        parent = Agi.assign(fx, Fixture.CALLER, add.actionId());
        Agi.awaitAssign(agent.socket(), parent);
    }

    @AfterEach
    void stop() {
        agent.close();
        other.close();
        fx.close();
    }

    private static Map<String, Object> assignRequest(String reference, String implementation, String parentTask) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", "ASSIGN_REQUEST");
        frame.put("reference", reference);
        frame.put("implementation", implementation);
        frame.put("args", Map.of("n", 2));
        frame.put("parent", parentTask);
        return frame;
    }

    private static JsonNode response(RawSocket socket, String type, Map<String, Object> request) {
        return socket.nextMatching(f -> type.equals(f.path("type").asText())
                && request.get("id").equals(f.path("request").asText()), Duration.ofSeconds(5));
    }

    /** Creates a child of the parent on OTHER_AGENT through the socket and reads its ASSIGN there. */
    private String child(String reference) {
        Map<String, Object> request = assignRequest(reference, count.implementationId(), parent);
        agent.socket().send(request);
        String task = response(agent.socket(), "ASSIGN_RESPONSE", request).get("task").asText();
        Agi.awaitAssign(other.socket(), task);
        return task;
    }

    @Test
    void assignRequestWithAParentCreatesAChildAndIsIdempotentByReference() {
        Map<String, Object> request = assignRequest("child-1", count.implementationId(), parent);
        agent.socket().send(request);
        JsonNode created = response(agent.socket(), "ASSIGN_RESPONSE", request);
        assertEquals("child-1", created.get("reference").asText());
        assertTrue(created.get("created").asBoolean());
        assertTrue(created.has("error") && created.get("error").isNull(), created.toString());
        String task = created.get("task").asText();

        JsonNode assign = Agi.awaitAssign(other.socket(), task);
        assertEquals(2, assign.get("args").get("n").asInt());
        assertEquals(parent, fx.graphql(Fixture.AGENT).data(TASK_PARENT, Map.of("id", task)).get("task").get("parent")
                .get("id").asText());

        Map<String, Object> resend = assignRequest("child-1", count.implementationId(), parent);
        agent.socket().send(resend);
        JsonNode again = response(agent.socket(), "ASSIGN_RESPONSE", resend);
        assertEquals(task, again.get("task").asText(), "same (caller, reference) → same task");
        assertFalse(again.get("created").asBoolean());
        other.socket().expectNoFrame(Duration.ofMillis(200)); // no second ASSIGN
    }

    @Test
    void assignRequestWithoutAParentIsNackedAndTheSocketStaysOpen() {
        Map<String, Object> request = assignRequest("root-attempt", count.implementationId(), null);
        agent.socket().send(request);
        JsonNode nack = response(agent.socket(), "ASSIGN_RESPONSE", request);
        assertTrue(nack.get("task").isNull(), nack.toString());
        assertFalse(nack.get("created").asBoolean());
        assertTrue(nack.get("error").asText().contains("parent"), nack.toString());

        Map<String, Object> unknown = assignRequest("bad-target", "424242", parent);
        agent.socket().send(unknown);
        JsonNode nack2 = response(agent.socket(), "ASSIGN_RESPONSE", unknown);
        assertTrue(nack2.get("task").isNull() && nack2.get("error").isTextual(), nack2.toString());

        assertFalse(agent.socket().isClosed());
        Agi.reportAcked(agent.socket(), Fixture.frame("STARTED", parent, "seq", 1));
        other.socket().expectNoFrame(Duration.ofMillis(100));
    }

    @Test
    void controlRequestsOnOwnChildrenAreAcceptedAndReachTheExecutor() {
        String cancelled = child("to-cancel");
        Map<String, Object> cancel = Fixture.frame("CANCEL_REQUEST", cancelled, "auto_interrupt", null);
        agent.socket().send(cancel);
        JsonNode accepted = response(agent.socket(), "CONTROL_RESPONSE", cancel);
        assertEquals(cancelled, accepted.get("task").asText());
        assertTrue(accepted.get("accepted").asBoolean());
        assertTrue(accepted.get("error").isNull());
        assertEquals(cancelled, other.socket().nextOfType("CANCEL").get("task").asText());
        Agi.reportAcked(other.socket(), Fixture.frame("CANCELLED", cancelled, "seq", 1));
        assertEquals(List.of("CANCELLING", "CANCELLED"), fx.eventKinds(Fixture.AGENT, cancelled));

        String steered = child("to-steer");
        for (String[] control : new String[][] { { "PAUSE_REQUEST", "PAUSE" }, { "RESUME_REQUEST", "RESUME" },
                { "INTERRUPT_REQUEST", "INTERRUPT" } }) {
            Map<String, Object> request = control[0].equals("RESUME_REQUEST")
                    ? Fixture.frame(control[0], steered, "step", true)
                    : Fixture.frame(control[0], steered);
            agent.socket().send(request);
            assertTrue(response(agent.socket(), "CONTROL_RESPONSE", request).get("accepted").asBoolean(), control[0]);
            JsonNode frame = other.socket().nextOfType(control[1]);
            assertEquals(steered, frame.get("task").asText());
            if (control[1].equals("RESUME")) {
                assertTrue(frame.get("step").asBoolean(), frame.toString());
            }
        }
        assertEquals(List.of("PAUSING", "RESUMING", "INTERRUPTING"), fx.eventKinds(Fixture.AGENT, steered));
    }

    @Test
    void anUnconfirmedCancelWithAutoInterruptEscalatesToAnInterrupt() {
        String task = child("stubborn");
        Map<String, Object> cancel = Fixture.frame("CANCEL_REQUEST", task, "auto_interrupt", 1);
        agent.socket().send(cancel);
        assertTrue(response(agent.socket(), "CONTROL_RESPONSE", cancel).get("accepted").asBoolean());
        assertEquals(task, other.socket().nextOfType("CANCEL").get("task").asText());
        // the executor never confirms: after 1 s the server interrupts
        assertEquals(task, other.socket().nextOfType("INTERRUPT").get("task").asText());
        Agi.reportAcked(other.socket(), Fixture.frame("INTERRUPTED", task, "seq", 1));
        assertEquals(List.of("CANCELLING", "INTERRUPTING", "INTERRUPTED"), fx.eventKinds(Fixture.AGENT, task));
    }

    /**
     * Regression (found by AgiFuzzTest's inputs): {@code auto_interrupt * 1000} overflowed for the largest values and
     * the negative delay fired at once, so "interrupt in 292 million years" interrupted immediately.
     */
    @Test
    void anAutoInterruptBeyondTheTimerRangeDoesNotFireEarly() {
        String task = child("patient");
        Map<String, Object> cancel = Fixture.frame("CANCEL_REQUEST", task, "auto_interrupt", Long.MAX_VALUE);
        agent.socket().send(cancel);
        assertTrue(response(agent.socket(), "CONTROL_RESPONSE", cancel).get("accepted").asBoolean());
        assertEquals(task, other.socket().nextOfType("CANCEL").get("task").asText());
        other.socket().expectNoFrameOtherThan("HEARTBEAT", java.time.Duration.ofMillis(700));
        assertEquals(List.of("CANCELLING"), fx.eventKinds(Fixture.AGENT, task));
        Agi.reportAcked(other.socket(), Fixture.frame("CANCELLED", task, "seq", 1));
    }

    @Test
    void controlRequestsForTasksAnotherCallerCreatedAreRefused() {
        // the parent was created by CALLER through GraphQL, not by AGENT
        for (String type : List.of("CANCEL_REQUEST", "INTERRUPT_REQUEST", "PAUSE_REQUEST", "RESUME_REQUEST")) {
            Map<String, Object> request = Fixture.frame(type, parent);
            agent.socket().send(request);
            JsonNode refused = response(agent.socket(), "CONTROL_RESPONSE", request);
            assertEquals(parent, refused.get("task").asText());
            assertFalse(refused.get("accepted").asBoolean(), refused.toString());
            assertTrue(refused.get("error").isTextual(), refused.toString());
        }
        assertTrue(agent.socket().history().stream().noneMatch(f -> List.of("CANCEL", "INTERRUPT", "PAUSE", "RESUME")
                .contains(f.path("type").asText())), "no control frame was queued: " + agent.socket().history());
        assertEquals(List.of(), fx.eventKinds(Fixture.CALLER, parent), "no -ING event on the refused task");
        assertFalse(agent.socket().isClosed());
    }

    @Test
    void mirrorsOfGraphQLTasksArriveOnTheCallerIdentitysOwnSocket() {
        // AGENT's identity creates a root task through GraphQL; OTHER_AGENT runs it
        String task = fx.assign(Fixture.AGENT, count.actionId(), Map.of("n", 2));
        Agi.awaitAssign(other.socket(), task);
        Agi.reportAcked(other.socket(), Fixture.frame("STARTED", task, "seq", 1));
        other.socket().send(Fixture.frame("PROGRESS", task, "seq", 2, "progress", 50, "message", "half"));
        other.socket().send(Fixture.frame("YIELD", task, "seq", 3, "returns", Map.of("return0", 7)));
        Agi.reportAcked(other.socket(), Fixture.frame("FAILED", task, "seq", 4, "error", "boom"));

        List<JsonNode> mirrors = new ArrayList<>();
        while (mirrors.size() < 4) {
            JsonNode frame = agent.socket().next();
            if (frame.path("type").asText().endsWith("_EVENT")) {
                mirrors.add(frame);
            }
        }
        List<String> types = new ArrayList<>();
        mirrors.forEach(m -> types.add(m.get("type").asText()));
        assertEquals(List.of("STARTED_EVENT", "PROGRESS_EVENT", "YIELD_EVENT", "FAILED_EVENT"), types);
        assertEquals(50, mirrors.get(1).get("progress").asInt());
        assertEquals("half", mirrors.get(1).get("message").asText());
        assertEquals(7, mirrors.get(2).get("returns").get("return0").asInt());
        assertEquals("boom", mirrors.get(3).get("error").asText());

        List<String> eventIds = new ArrayList<>();
        fx.task(Fixture.AGENT, task).get("events").forEach(e -> eventIds.add(e.get("id").asText()));
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < mirrors.size(); i++) {
            JsonNode mirror = mirrors.get(i);
            assertEquals(task, mirror.get("task").asText());
            assertEquals(eventIds.get(i), mirror.get("event").asText(), "mirrors name the TaskEvent");
            assertTrue(mirror.get("seq").asLong() > previous, "seq is monotonic: " + mirrors);
            previous = mirror.get("seq").asLong();
        }
        assertTrue(other.socket().history().stream().noneMatch(f -> f.path("type").asText().endsWith("_EVENT")),
                "the executor gets no mirrors of work it did not originate");
    }

    @Test
    void mirrorsOfSocketCreatedChildrenArriveToo() {
        String task = child("mirrored");
        Agi.reportAcked(other.socket(), Fixture.frame("COMPLETED", task, "seq", 1));
        JsonNode mirror = agent.socket().nextOfType("COMPLETED_EVENT");
        assertEquals(task, mirror.get("task").asText());
        assertTrue(mirror.get("event").isTextual() && mirror.get("seq").isIntegralNumber(), mirror.toString());
    }
}
