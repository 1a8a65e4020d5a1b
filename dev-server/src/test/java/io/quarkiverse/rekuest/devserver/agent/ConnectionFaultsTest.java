package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection faults of {@code server.faults()}: close an agent's connection with a chosen code, stall its
 * consumer, steal its queued ASSIGNs.
 */
class ConnectionFaultsTest {

    @Test
    void closeConnectionClosesWithTheCodeAndTheDisconnectIsHandled() {
        try (Fixture fx = new Fixture()) {
            Agi.Implemented add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                assertTrue(fx.server.faults().closeConnection(add.agentId(), 1011, "simulated server error"));
                agent.socket().assertClosedWith(1011);
            }
            Agi.awaitOffline(fx, add.agentId());
            assertFalse(fx.server.faults().closeConnection(add.agentId(), 3001), "no open connection any more");
            assertEquals(add.agentId(), fx.server.faults().agentId(Fixture.AGENT).orElseThrow(), "found by name");
        }
    }

    @Test
    void aStalledConsumerLetsAPromptHeartbeatAnswerTimeOut() {
        try (Fixture fx = new Fixture(DevServerConfig.builder().heartbeatInterval(Duration.ofMillis(300))
                .heartbeatTimeout(Duration.ofMillis(150)))) {
            Agi.Implemented add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                RawSocket socket = agent.socket().answerHeartbeats();
                // answered pings keep it open ...
                socket.expectNoFrameOtherThan("HEARTBEAT", Duration.ofMillis(700));
                // ... until the consumer stops handling the answers
                long stalled = System.nanoTime();
                assertTrue(fx.server.faults().stallConnection(add.agentId(), Duration.ofSeconds(2)));
                assertEquals(3001, socket.awaitClose(Duration.ofSeconds(3)));
                long tookMs = Duration.ofNanos(System.nanoTime() - stalled).toMillis();
                assertTrue(tookMs < 1000, "closed at the next ping's deadline, not after the stall: " + tookMs + " ms");
            }
        }
    }

    @Test
    void aStolenAssignNeverArrivesAndIsInquiredAboutAtTheNextConnect() {
        try (Fixture fx = new Fixture(DevServerConfig.builder().heartbeatInterval(Duration.ofSeconds(30))
                .grace(Duration.ofSeconds(30)))) {
            Agi.Implemented add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
            String session = Agi.session();
            String stolen, delivered;
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, session, false)) {
                assertEquals(List.of(), fx.server.faults().stealAssigns(add.agentId(), 1), "nothing queued to steal yet");
                stolen = Agi.assign(fx, Fixture.CALLER, add.actionId());
                delivered = Agi.assign(fx, Fixture.CALLER, add.actionId());
                JsonNode next = agent.socket().next();
                assertEquals(delivered, next.get("task").asText(), "the first ASSIGN was stolen: " + next);
                agent.socket().expectNoFrame(Duration.ofMillis(200));
                Agi.reportAcked(agent.socket(), Fixture.frame("COMPLETED", delivered, "seq", 1));
            }
            Agi.awaitOffline(fx, add.agentId());
            try (Agi.Connection again = Agi.register(fx, Fixture.AGENT, session, false)) {
                assertEquals(List.of(stolen), again.inquiries(),
                        "the stolen task is stuck until the agent answers the inquiry");
                again.socket().expectNoFrame(Duration.ofMillis(200));
                Agi.reportAcked(again.socket(), Fixture.frame("CRITICAL", stolen, "seq", 1, "error", "never received"));
                assertEquals(List.of("CRITICAL"), fx.eventKinds(Fixture.CALLER, stolen));
            }
        }
    }
}
