package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In-flight work across a disconnect (§2.2 INIT inquiries, §2.9): reclaim with the same session inside the grace
 * window, fail with a new session, and the PHYSICAL / idempotent / other rules when the grace window runs out.
 */
class DisconnectGraceTest {

    private static final Duration GRACE = Duration.ofMillis(600);

    /** A short grace window; heartbeats slow enough that they never interfere. */
    private final Fixture fx = new Fixture(Fixture.fast().grace(GRACE).heartbeatInterval(Duration.ofSeconds(30))
            .heartbeatTimeout(Duration.ofSeconds(5)).staleAfter(Duration.ofSeconds(60)));

    @AfterEach
    void stop() {
        fx.close();
    }

    /** Registers, assigns one task of the action and reads its ASSIGN; the caller is Fixture.CALLER. */
    private String delivered(Agi.Connection agent, String actionId) {
        String task = Agi.assign(fx, Fixture.CALLER, actionId);
        Agi.awaitAssign(agent.socket(), task);
        return task;
    }

    @Test
    void reconnectWithinTheGraceWindowWithTheSameSessionReclaimsTheTaskAsAnInquiry() throws Exception {
        Agi.Implemented add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
        String session = Agi.session();
        String task;
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, session, false)) {
            task = delivered(agent, add.actionId());
            Agi.reportAcked(agent.socket(), Fixture.frame("STARTED", task, "seq", 1));
        }
        Agi.awaitOffline(fx, add.agentId());

        try (Agi.Connection again = Agi.register(fx, Fixture.AGENT, session, false)) {
            assertEquals(List.of(task), again.inquiries());
            // outlive the original grace window: the reclaim cancelled it
            again.socket().expectNoFrame(GRACE.plusMillis(300));
            assertEquals(List.of("STARTED"), fx.eventKinds(Fixture.CALLER, task), "no DISCONNECTED after a reclaim");
            assertFalse(fx.task(Fixture.CALLER, task).get("isDone").asBoolean());

            // the reclaimed task can be finished on the new connection
            Agi.reportAcked(again.socket(), Fixture.frame("COMPLETED", task, "seq", 1));
            assertEquals(List.of("STARTED", "COMPLETED"), fx.eventKinds(Fixture.CALLER, task));
        }
    }

    @Test
    void reconnectWithADifferentSessionFailsTheInFlightTaskAsDisconnected() {
        Agi.Implemented add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
        String task;
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
            task = delivered(agent, add.actionId());
        }
        Agi.awaitOffline(fx, add.agentId());

        try (Agi.Connection fresh = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
            assertEquals(List.of(), fresh.inquiries(), "a new process gets no inquiries");
            // applied at REGISTER, not after the grace window
            assertEquals(List.of("DISCONNECTED"), fx.eventKinds(Fixture.CALLER, task));
            JsonNode state = fx.task(Fixture.CALLER, task);
            assertFalse(state.get("isDone").asBoolean(), "DISCONNECTED tasks are not done (§10)");
            assertEquals("DISCONNECTED", state.get("latestEventKind").asText());
        }
    }

    @Test
    void graceExpiryWithoutReconnectMarksTheTaskDisconnectedButNotDone() {
        Agi.Implemented add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
        String session = Agi.session();
        String task;
        Agi.Connection agent = Agi.register(fx, Fixture.AGENT, session, false);
        task = delivered(agent, add.actionId());
        agent.socket().abort(); // a crash: no close frame
        Agi.awaitOffline(fx, add.agentId());
        assertEquals(List.of(), fx.eventKinds(Fixture.CALLER, task), "nothing happens before the grace window ends");

        List<String> kinds = Agi.awaitEvent(fx, task, "DISCONNECTED");
        assertEquals(List.of("DISCONNECTED"), kinds);
        JsonNode state = fx.task(Fixture.CALLER, task);
        assertFalse(state.get("isDone").asBoolean());
        assertEquals("DISCONNECTED", state.get("latestEventKind").asText());

        // not done, so the same process still gets asked about it when it comes back
        try (Agi.Connection again = Agi.register(fx, Fixture.AGENT, session, false)) {
            assertEquals(List.of(task), again.inquiries());
        }
    }

    @Test
    void graceExpiryEndsAPhysicalTaskAsCritical() {
        Agi.Implemented move = Agi.implement(fx, Fixture.AGENT, Agi.action("move_stage", "PHYSICAL", false));
        String task;
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
            task = delivered(agent, move.actionId());
            Agi.reportAcked(agent.socket(), Fixture.frame("STARTED", task, "seq", 1));
        }
        assertEquals(List.of("STARTED", "CRITICAL"), Agi.awaitEvent(fx, task, "CRITICAL"));
        JsonNode state = fx.task(Fixture.CALLER, task);
        assertTrue(state.get("isDone").asBoolean(), "a lost PHYSICAL task is over, never retried");
        assertEquals("CRITICAL", state.get("latestEventKind").asText());
    }

    @Test
    void graceExpiryRequeuesAnIdempotentTaskAndTheAssignIsDeliveredOnReconnect() {
        Agi.Implemented lookup = Agi.implement(fx, Fixture.AGENT, Agi.action("lookup", null, true));
        String session = Agi.session();
        String task;
        JsonNode first;
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, session, false)) {
            task = Agi.assign(fx, Fixture.CALLER, lookup.actionId());
            first = Agi.awaitAssign(agent.socket(), task);
        }
        assertEquals(List.of("QUEUED"), Agi.awaitEvent(fx, task, "QUEUED"));
        JsonNode state = fx.task(Fixture.CALLER, task);
        assertFalse(state.get("isDone").asBoolean());
        assertEquals("QUEUED", state.get("latestEventKind").asText());

        try (Agi.Connection again = Agi.register(fx, Fixture.AGENT, session, false)) {
            JsonNode redelivered = again.socket().next();
            assertEquals("ASSIGN", redelivered.get("type").asText(), "the re-queued ASSIGN follows INIT: " + redelivered);
            assertEquals(task, redelivered.get("task").asText());
            assertEquals(first.get("args"), redelivered.get("args"));
            assertEquals(first.get("interface"), redelivered.get("interface"));
            Agi.reportAcked(again.socket(), Fixture.frame("COMPLETED", task, "seq", 1));
            assertEquals(List.of("QUEUED", "COMPLETED"), fx.eventKinds(Fixture.CALLER, task));
        }
    }
}
