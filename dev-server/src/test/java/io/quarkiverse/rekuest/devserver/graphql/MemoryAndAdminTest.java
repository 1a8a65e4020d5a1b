package io.quarkiverse.rekuest.devserver.graphql;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Memory drawers ({@code shelveInMemoryDrawer}, {@code unshelveMemoryDrawer}, {@code collect}) and the admin mutations. */
class MemoryAndAdminTest {

    static final String AGENT_FIELDS = "{ id name blocked active connected }";

    private final Fixture fx = new Fixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    private String shelve(String token, String resourceId) {
        JsonNode drawer = fx.graphql(token).data(AgentRegistrationTest.SHELVE, Map.of("i", Map.of("identifier",
                "@test/array", "resourceId", resourceId, "label", "L-" + resourceId, "description", "a value")))
                .get("shelveInMemoryDrawer");
        assertEquals(resourceId, drawer.get("resourceId").asText());
        assertEquals("L-" + resourceId, drawer.get("label").asText());
        assertEquals("@test/array", drawer.get("identifier").asText());
        return drawer.get("id").asText();
    }

    private List<String> drawers(String token) {
        String app = Fixture.AGENT.equals(token) ? "agent-app" : "other-app";
        return fx.graphql(token).data("query($app: String){ agent(app: $app){ memoryShelve { drawers { id } } } }",
                Map.of("app", app)).get("agent")
                .get("memoryShelve").get("drawers").findValuesAsText("id");
    }

    @Test
    void shelveNeedsAnAgent() {
        String message = fx.graphql(Fixture.CALLER).error(AgentRegistrationTest.SHELVE,
                Map.of("i", Map.of("identifier", "@test/array", "resourceId", "r")));
        assertTrue(message.contains("ensureAgent"), message);
    }

    @Test
    void shelveAndUnshelve() {
        fx.implement(Fixture.AGENT, List.of());
        String one = shelve(Fixture.AGENT, "r1");
        String two = shelve(Fixture.AGENT, "r2");
        assertEquals(List.of(one, two), drawers(Fixture.AGENT));
        JsonNode read = fx.graphql(Fixture.CALLER).data("query($id: ID!){ memoryDrawer(id:$id){ id resourceId description } }",
                Map.of("id", one)).get("memoryDrawer");
        assertEquals("a value", read.get("description").asText());

        JsonNode unshelved = fx.graphql(Fixture.AGENT).data(
                "mutation($i: UnshelveMemoryDrawerInput!){ unshelveMemoryDrawer(input:$i) }",
                Map.of("i", Map.of("id", one)));
        assertEquals(one, unshelved.get("unshelveMemoryDrawer").asText());
        assertEquals(List.of(two), drawers(Fixture.AGENT));
        assertEquals("Memory drawer " + one + " not found", fx.graphql(Fixture.AGENT).error(
                "mutation($i: UnshelveMemoryDrawerInput!){ unshelveMemoryDrawer(input:$i) }", Map.of("i", Map.of("id", one))));
    }

    @Test
    void collectSendsCollectToTheOwningAgentOnly() {
        fx.implement(Fixture.AGENT, List.of());
        fx.implement(Fixture.OTHER_AGENT, List.of());
        String a1 = shelve(Fixture.AGENT, "a1");
        String a2 = shelve(Fixture.AGENT, "a2");
        String b1 = shelve(Fixture.OTHER_AGENT, "b1");
        try (RawSocket owner = fx.connect(Fixture.AGENT); RawSocket other = fx.connect(Fixture.OTHER_AGENT)) {
            JsonNode result = fx.graphql(Fixture.CALLER).data("mutation($i: CollectInput!){ collect(input:$i) }",
                    Map.of("i", Map.of("drawers", List.of(a1, a2))));
            assertEquals(List.of(a1, a2), Api.MAPPER.convertValue(result.get("collect"), List.class));
            JsonNode collect = owner.nextOfType("COLLECT");
            assertEquals(List.of(a1, a2), Api.MAPPER.convertValue(collect.get("drawers"), List.class));
            other.expectNoFrame(java.time.Duration.ofMillis(300));
            assertEquals(List.of(), drawers(Fixture.AGENT), "collected drawers are forgotten");
            assertEquals(List.of(b1), drawers(Fixture.OTHER_AGENT));
        }
        assertEquals("Memory drawer 999 not found", fx.graphql(Fixture.CALLER).error(
                "mutation($i: CollectInput!){ collect(input:$i) }", Map.of("i", Map.of("drawers", List.of("999")))));
    }

    @Test
    void collectForAnOfflineAgentIsQueuedUntilItConnects() {
        fx.implement(Fixture.AGENT, List.of());
        String a1 = shelve(Fixture.AGENT, "a1");
        fx.graphql(Fixture.CALLER).data("mutation($i: CollectInput!){ collect(input:$i) }",
                Map.of("i", Map.of("drawers", List.of(a1))));
        try (RawSocket owner = fx.connect(Fixture.AGENT)) {
            assertEquals(a1, owner.nextOfType("COLLECT").get("drawers").get(0).asText());
        }
    }

    private JsonNode admin(String mutation, String inputType, Map<String, Object> input) {
        return fx.graphql(Fixture.CALLER)
                .data("mutation($i: " + inputType + "!){ " + mutation + "(input:$i)" + AGENT_FIELDS + " }",
                        Map.of("i", input))
                .get(mutation);
    }

    @Test
    void blockKicksWithTheReasonRefusesRegistrationAndUnblockLifts() {
        String id = fx.implement(Fixture.AGENT, List.of()).get("id").asText();
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            JsonNode agent = admin("block", "BlockInput", Map.of("agent", id, "reason", "maintenance"));
            assertEquals(id, agent.get("id").asText());
            assertTrue(agent.get("blocked").asBoolean());
            assertEquals("maintenance", agi.nextOfType("KICK").get("reason").asText(), "block forwards its reason");
        }
        try (RawSocket refused = RawSocket.connect(fx.server.agiUrl())) {
            refused.send(Fixture.register(Fixture.AGENT, "s", true));
            refused.assertClosedWith(4003);
        }
        JsonNode agent = admin("unblock", "UnblockInput", Map.of("agent", id));
        assertFalse(agent.get("blocked").asBoolean());
        try (RawSocket again = fx.connect(Fixture.AGENT, "s2", true)) {
            assertTrue(again.history().stream().anyMatch(f -> "INIT".equals(f.path("type").asText())));
        }
    }

    @Test
    void kickSendsKickWithoutTheReason() {
        String id = fx.implement(Fixture.AGENT, List.of()).get("id").asText();
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            JsonNode agent = admin("kick", "KickInput", Map.of("agent", id, "reason", "go away"));
            assertEquals(id, agent.get("id").asText());
            assertFalse(agent.get("blocked").asBoolean());
            JsonNode kick = agi.nextOfType("KICK");
            assertTrue(kick.has("reason") && kick.get("reason").isNull(), "kick does not forward its reason: " + kick);
        }
    }

    @Test
    void bounceSendsBounceWithANullDuration() {
        String id = fx.implement(Fixture.AGENT, List.of()).get("id").asText();
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            JsonNode agent = admin("bounce", "BounceInput", Map.of("agent", id));
            assertEquals(id, agent.get("id").asText());
            assertTrue(agent.get("active").asBoolean());
            JsonNode bounce = agi.nextOfType("BOUNCE");
            assertTrue(bounce.has("duration") && bounce.get("duration").isNull(), bounce.toString());
        }
    }

    @Test
    void adminOfAnUnknownAgentIsAnError() {
        assertEquals("Agent 31337 not found", fx.graphql(Fixture.CALLER).error(
                "mutation{ kick(input:{agent: \"31337\"}){ id } }", Map.of()));
    }
}
