package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.Fixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * REGISTER with a different {@code session_id} (§2.9): the loss rules apply at once to the tasks that reached the
 * previous process (PHYSICAL → CRITICAL, idempotent → QUEUED and re-delivered, otherwise DISCONNECTED, inquired about
 * again at the next connect of the same session), while ASSIGNs still queued stay queued and follow INIT.
 */
class SessionChangeTest {

    /** A grace window and stale time far beyond the test: only the session change can apply the rules. */
    private static Fixture server() {
        return new Fixture(DevServerConfig.builder().grace(Duration.ofSeconds(60)).staleAfter(Duration.ofSeconds(60))
                .heartbeatInterval(Duration.ofSeconds(30)));
    }

    @Test
    void aNewSessionAppliesEachLossRuleAtOnce() {
        try (Fixture fx = server()) {
            List<Agi.Implemented> actions = Agi.implementAll(fx, Fixture.AGENT,
                    List.of(Agi.action("move_stage", "PHYSICAL", false),
                            Agi.action("lookup", null, true), Agi.action("plain", null, false)));
            String physical, idempotent, plain;
            try (Agi.Connection old = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                physical = Agi.assign(fx, Fixture.CALLER, actions.get(0).actionId());
                idempotent = Agi.assign(fx, Fixture.CALLER, actions.get(1).actionId());
                plain = Agi.assign(fx, Fixture.CALLER, actions.get(2).actionId());
                Agi.awaitAssign(old.socket(), plain);
            }
            Agi.awaitOffline(fx, actions.get(0).agentId());
            assertEquals(List.of(), fx.eventKinds(Fixture.CALLER, plain), "nothing happens while the grace window runs");

            String session = Agi.session();
            try (Agi.Connection fresh = Agi.register(fx, Fixture.AGENT, session, false)) {
                assertEquals(List.of(), fresh.inquiries(), "a new process is asked about nothing");

                assertEquals(List.of("CRITICAL"), fx.eventKinds(Fixture.CALLER, physical));
                assertTrue(fx.task(Fixture.CALLER, physical).get("isDone").asBoolean(), "a lost PHYSICAL task is over");

                assertEquals(List.of("QUEUED"), fx.eventKinds(Fixture.CALLER, idempotent));
                JsonNode again = fresh.socket().next();
                assertEquals("ASSIGN", again.get("type").asText(), "the re-queued ASSIGN follows INIT: " + again);
                assertEquals(idempotent, again.get("task").asText());

                assertEquals(List.of("DISCONNECTED"), fx.eventKinds(Fixture.CALLER, plain));
                assertFalse(fx.task(Fixture.CALLER, plain).get("isDone").asBoolean());
            }
            Agi.awaitOffline(fx, actions.get(0).agentId());
            try (Agi.Connection sameSession = Agi.register(fx, Fixture.AGENT, session, false)) {
                assertEquals(List.of(idempotent, plain), sameSession.inquiries(),
                        "the DISCONNECTED task (and the re-delivered one) are inquired about at every same-session connect");
                assertEquals(List.of("DISCONNECTED"), fx.eventKinds(Fixture.CALLER, plain), "and not failed twice");
            }
        }
    }

    @Test
    void anAssignStillQueuedStaysQueuedAndFollowsInitOfTheNewSession() throws Exception {
        try (Fixture fx = server()) {
            Agi.Implemented plain = Agi.implement(fx, Fixture.AGENT, Agi.action("plain", null, false));
            Agi.Connection old = Agi.register(fx, Fixture.AGENT, Agi.session(), false);
            // the server restarts: the agent still counts as connected, so the next ASSIGN is queued, not delivered
            fx.server.faults().restart(Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);
            String queued = Agi.assign(fx, Fixture.CALLER, plain.actionId());

            try (Agi.Connection fresh = Agi.register(fx, Fixture.AGENT, Agi.session(), true)) {
                assertEquals(List.of(), fresh.inquiries());
                JsonNode assign = fresh.socket().next();
                assertEquals("ASSIGN", assign.get("type").asText(), "the queued ASSIGN follows INIT: " + assign);
                assertEquals(queued, assign.get("task").asText());
                assertEquals(List.of(), fx.eventKinds(Fixture.CALLER, queued), "never started, so not lost either");
                Agi.reportAcked(fresh.socket(), Fixture.frame("COMPLETED", queued, "seq", 1));
            }
            old.close();
            assertTrue(fx.task(Fixture.CALLER, queued).get("isDone").asBoolean());
        }
    }
}
