package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * Two-phase controls (§1.5, §2.3, §6.4): a GraphQL control records the {@code -ING} event and sends the frame; only
 * the agent's confirmation (acked with EVENT_ACK) ends or changes the task.
 */
class TwoPhaseControlTest {

    private final Fixture fx = new Fixture();
    private Agi.Connection agent;
    private String actionId;

    @BeforeEach
    void start() {
        actionId = Agi.implement(fx, Fixture.AGENT, Fixture.add()).actionId();
        agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false);
    }

    @AfterEach
    void stop() {
        agent.close();
        fx.close();
    }

    /** Assigns, reads the ASSIGN and acks a STARTED: a running task. */
    private String running() {
        String task = Agi.assign(fx, Fixture.CALLER, actionId);
        Agi.awaitAssign(agent.socket(), task);
        Agi.reportAcked(agent.socket(), Fixture.frame("STARTED", task, "seq", 1));
        return task;
    }

    private JsonNode nextControl(String type) {
        JsonNode frame = agent.socket().nextOfType(type);
        assertTrue(frame.has("task"), () -> type + " names the task: " + frame);
        return frame;
    }

    @Test
    void cancelIsPendingUntilTheAgentConfirmsCancelled() {
        String task = running();

        JsonNode cancelled = Agi.control(fx, Fixture.CALLER, Agi.CANCEL, Map.of("task", task));
        assertFalse(cancelled.get("isDone").asBoolean(), "cancel alone does not end the task");
        assertEquals("CANCELLING", cancelled.get("latestEventKind").asText());
        assertEquals("CANCEL", cancelled.get("latestInstructKind").asText());
        assertEquals(task, nextControl("CANCEL").get("task").asText());
        assertFalse(fx.task(Fixture.CALLER, task).get("isDone").asBoolean(), "still pending before the agent confirms");

        JsonNode ack = Agi.reportAcked(agent.socket(), Fixture.frame("CANCELLED", task, "seq", 2));
        assertEquals(task, ack.get("task").asText());
        assertEquals(2, ack.get("seq").asInt());
        JsonNode done = fx.task(Fixture.CALLER, task);
        assertTrue(done.get("isDone").asBoolean());
        assertEquals("CANCELLED", done.get("latestEventKind").asText());
        assertEquals(List.of("STARTED", "CANCELLING", "CANCELLED"), fx.eventKinds(Fixture.CALLER, task));
    }

    @Test
    void interruptIsPendingUntilTheAgentConfirmsInterrupted() {
        String task = running();

        JsonNode interrupted = Agi.control(fx, Fixture.CALLER, Agi.INTERRUPT, Map.of("task", task));
        assertFalse(interrupted.get("isDone").asBoolean());
        assertEquals("INTERRUPTING", interrupted.get("latestEventKind").asText());
        assertEquals(task, nextControl("INTERRUPT").get("task").asText());
        assertFalse(fx.task(Fixture.CALLER, task).get("isDone").asBoolean());

        Agi.reportAcked(agent.socket(), Fixture.frame("INTERRUPTED", task, "seq", 2));
        JsonNode done = fx.task(Fixture.CALLER, task);
        assertTrue(done.get("isDone").asBoolean());
        assertEquals("INTERRUPTED", done.get("latestEventKind").asText());
        assertEquals(List.of("STARTED", "INTERRUPTING", "INTERRUPTED"), fx.eventKinds(Fixture.CALLER, task));
    }

    @Test
    void pauseAndResumeWithStepAreConfirmedByTheAgentAndKeepTheTaskRunning() {
        String task = running();

        JsonNode paused = Agi.control(fx, Fixture.CALLER, Agi.PAUSE, Map.of("task", task));
        assertEquals("PAUSING", paused.get("latestEventKind").asText());
        assertEquals(task, nextControl("PAUSE").get("task").asText());
        Agi.reportAcked(agent.socket(), Fixture.frame("PAUSED", task, "seq", 2));
        assertEquals("PAUSED", fx.task(Fixture.CALLER, task).get("latestEventKind").asText());

        JsonNode resumed = Agi.control(fx, Fixture.CALLER, Agi.RESUME, Map.of("task", task, "step", true));
        assertEquals("RESUMING", resumed.get("latestEventKind").asText());
        JsonNode resume = nextControl("RESUME");
        assertEquals(task, resume.get("task").asText());
        assertTrue(resume.get("step").isBoolean() && resume.get("step").asBoolean(), "RESUME carries step=true: " + resume);
        Agi.reportAcked(agent.socket(), Fixture.frame("RESUMED", task, "seq", 3));

        JsonNode still = fx.task(Fixture.CALLER, task);
        assertFalse(still.get("isDone").asBoolean(), "pause and resume are not terminal");
        assertEquals("RESUMED", still.get("latestEventKind").asText());

        // a plain resume (step defaults to false) says so on the frame
        Agi.control(fx, Fixture.CALLER, Agi.PAUSE, Map.of("task", task));
        nextControl("PAUSE");
        Agi.reportAcked(agent.socket(), Fixture.frame("PAUSED", task, "seq", 4));
        Agi.control(fx, Fixture.CALLER, Agi.RESUME, Map.of("task", task));
        JsonNode plain = nextControl("RESUME");
        assertTrue(plain.get("step").isBoolean() && !plain.get("step").asBoolean(), "RESUME carries step=false: " + plain);
        Agi.reportAcked(agent.socket(), Fixture.frame("RESUMED", task, "seq", 5));
        Agi.reportAcked(agent.socket(), Fixture.frame("COMPLETED", task, "seq", 6));

        assertEquals(List.of("STARTED", "PAUSING", "PAUSED", "RESUMING", "RESUMED", "PAUSING", "PAUSED", "RESUMING",
                "RESUMED", "COMPLETED"), fx.eventKinds(Fixture.CALLER, task));
        assertTrue(fx.task(Fixture.CALLER, task).get("isDone").asBoolean());
    }

    @Test
    void controlsOnATerminalTaskAreRefusedAndSendNothing() {
        String task = running();
        Agi.reportAcked(agent.socket(), Fixture.frame("COMPLETED", task, "seq", 2));

        for (String mutation : List.of(Agi.CANCEL, Agi.INTERRUPT, Agi.PAUSE, Agi.RESUME)) {
            String error = fx.graphql(Fixture.CALLER).error(mutation, Map.of("i", Map.of("task", task)));
            assertTrue(error.contains("Task is already terminal"), error);
        }
        RawSocket socket = agent.socket();
        socket.expectNoFrame(Duration.ofMillis(200));
        assertEquals(List.of("STARTED", "COMPLETED"), fx.eventKinds(Fixture.CALLER, task));
    }
}
