package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
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

/** Admin effects (§2.10): block queues KICK and refuses REGISTER with 4003 until unblock; kick and bounce. */
class AdminEffectsTest {

    private final Fixture fx = new Fixture();
    private String agentId;

    @BeforeEach
    void start() {
        agentId = Agi.implement(fx, Fixture.AGENT, Fixture.add()).agentId();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void blockKicksTheAgentAndRefusesItsNextRegisterWith4003UntilUnblocked() {
        String session = Agi.session();
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, session, false)) {
            JsonNode blocked = Agi.control(fx, Fixture.CALLER, Agi.BLOCK, Map.of("agent", agentId, "reason", "maintenance"));
            assertTrue(blocked.get("blocked").asBoolean());
            JsonNode kick = agent.socket().nextOfType("KICK");
            assertEquals("maintenance", kick.get("reason").asText());
        }
        Agi.awaitOffline(fx, agentId);

        try (RawSocket refused = RawSocket.connect(fx.server.agiUrl())) {
            refused.send(Fixture.register(Fixture.AGENT, session, true));
            refused.assertClosedWith(4003);
            assertTrue(refused.history().stream().noneMatch(f -> "INIT".equals(f.path("type").asText())),
                    "no INIT for a blocked agent: " + refused.history());
        }

        JsonNode unblocked = Agi.control(fx, Fixture.CALLER, Agi.UNBLOCK, Map.of("agent", agentId));
        assertFalse(unblocked.get("blocked").asBoolean());
        try (Agi.Connection back = Agi.register(fx, Fixture.AGENT, session, false)) {
            assertEquals(agentId, back.init().get("agent").asText());
            back.socket().expectNoFrame(Duration.ofMillis(100)); // the KICK was delivered once, not again
        }
    }

    @Test
    void kickSendsKickWithReasonNull() {
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
            Agi.control(fx, Fixture.CALLER, Agi.KICK, Map.of("agent", agentId));
            JsonNode kick = agent.socket().next();
            assertEquals("KICK", kick.get("type").asText());
            assertTrue(kick.has("reason") && kick.get("reason").isNull(), "reason present and null: " + kick);
            assertTrue(kick.get("id").isTextual());
        }
    }

    @Test
    void bounceSendsBounce() {
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
            Agi.control(fx, Fixture.CALLER, Agi.BOUNCE, Map.of("agent", agentId));
            JsonNode bounce = agent.socket().next();
            assertEquals("BOUNCE", bounce.get("type").asText());
            assertTrue(bounce.has("duration"), "duration present (int or null): " + bounce);
        }
    }
}
