package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.devserver.auth.Identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ensureAgent} and the {@code implementAgent} reconcile (§1.1–1.3): upsert, delete, hash, validation. */
class AgentRegistrationTest {

    static final String NO_RELEASE = "no-release-token";
    static final String ENSURE = "mutation($i: AgentInput!){ ensureAgent(input:$i){ id name hash kind memoryShelve { id drawers { id } } } }";
    static final String SHELVE = "mutation($i: ShelveInMemoryDrawerInput!){ shelveInMemoryDrawer(input:$i){ id resourceId label identifier shelve { id } } }";

    private final Fixture fx = new Fixture(DevServerConfig.builder()
            .staticToken(NO_RELEASE, new Identity("bare-client", null, null, "carol", "carol", "lab", List.of())));

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void ensureAgentNeedsTheClientsAppAndRelease() {
        String message = fx.graphql(NO_RELEASE).error(ENSURE, Map.of("i", Map.of("name", "x")));
        assertTrue(message.contains("client_app") && message.contains("client_release"), message);
        message = fx.graphql(NO_RELEASE).error(Fixture.IMPLEMENT,
                Map.of("i", Map.of("name", "x", "implementations", List.of())));
        assertTrue(message.contains("client_app"), message);
    }

    @Test
    void ensureAgentIsGetOrCreatePerIdentity() {
        JsonNode first = fx.graphql(Fixture.AGENT).data(ENSURE, Map.of("i", Map.of("name", "first"))).get("ensureAgent");
        JsonNode again = fx.graphql(Fixture.AGENT).data(ENSURE, Map.of("i", Map.of("name", "renamed"))).get("ensureAgent");
        assertEquals(first.get("id"), again.get("id"), "one agent per (client, user, organization)");
        assertEquals("renamed", again.get("name").asText());
        assertEquals("WEBSOCKET", again.get("kind").asText());
        JsonNode other = fx.graphql(Fixture.OTHER_AGENT).data(ENSURE, Map.of("i", Map.of())).get("ensureAgent");
        assertNotEquals(first.get("id"), other.get("id"), "another client is another agent");
    }

    @Test
    void ensureAgentRecreatesTheMemoryShelveAndDeletesItsDrawers() {
        JsonNode agent = fx.graphql(Fixture.AGENT).data(ENSURE, Map.of("i", Map.of())).get("ensureAgent");
        String shelve = agent.get("memoryShelve").get("id").asText();
        JsonNode drawer = fx.graphql(Fixture.AGENT).data(SHELVE,
                Map.of("i", Map.of("identifier", "@test/array", "resourceId", "r1"))).get("shelveInMemoryDrawer");
        assertEquals(shelve, drawer.get("shelve").get("id").asText());
        assertEquals("r1", drawer.get("label").asText(), "label defaults to the resource id");

        JsonNode again = fx.graphql(Fixture.AGENT).data(ENSURE, Map.of("i", Map.of())).get("ensureAgent");
        assertNotEquals(shelve, again.get("memoryShelve").get("id").asText(), "a new shelve");
        assertEquals(0, again.get("memoryShelve").get("drawers").size());
        String message = fx.graphql(Fixture.AGENT).error("query($id: ID!){ memoryDrawer(id:$id){ id } }",
                Map.of("id", drawer.get("id").asText()));
        assertEquals("MemoryDrawer matching query does not exist.", message);
    }

    @Test
    void implementAgentUpsertsDeclaredAndDeletesUndeclaredImplementations() {
        JsonNode agent = fx.implement(Fixture.AGENT, List.of(Fixture.add(), Fixture.count()));
        assertEquals(List.of("add", "count"), interfaces(agent));
        String addId = agent.get("implementations").get(0).get("id").asText();
        String addAction = agent.get("implementations").get(0).get("action").get("id").asText();

        JsonNode again = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
        assertEquals(agent.get("id"), again.get("id"));
        assertEquals(List.of("add"), interfaces(again), "count was not declared any more");
        assertEquals(addId, again.get("implementations").get(0).get("id").asText(), "add was updated in place");
        assertEquals(addAction, again.get("implementations").get(0).get("action").get("id").asText());
        String message = fx.graphql(Fixture.AGENT).error(
                "query($a: ID!){ implementationAt(agent:$a, interface:\"count\"){ id } }",
                Map.of("a", agent.get("id").asText()));
        assertTrue(message.contains("count"), message);

        JsonNode none = fx.implement(Fixture.AGENT, List.of());
        assertEquals(List.of(), interfaces(none), "an empty declaration deletes everything");
    }

    @Test
    void implementAgentCreatesTheAgentWithoutEnsureAgentAndStoresTheHash() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "direct");
        input.put("hash", "my-agent-hash");
        input.put("implementations", List.of(Fixture.add()));
        JsonNode agent = fx.graphql(Fixture.AGENT).data(Fixture.IMPLEMENT, Map.of("i", input)).get("implementAgent");
        assertEquals("my-agent-hash", agent.get("hash").asText());
        input.remove("hash");
        JsonNode random = fx.graphql(Fixture.AGENT).data(Fixture.IMPLEMENT, Map.of("i", input)).get("implementAgent");
        assertTrue(random.get("hash").asText().matches("[0-9a-f-]{36}"), "a random uuid when omitted: " + random);
        assertEquals(random.get("hash"),
                fx.graphql(Fixture.AGENT).data("{ agent(app: \"agent-app\") { hash } }", Map.of()).get("agent").get("hash"));
    }

    @Test
    void actionHashIsDeterministicAndUnchangedOnIdenticalReRegistration() {
        String hash = actionHash(fx.implement(Fixture.AGENT, List.of(Fixture.add())));
        assertTrue(hash.matches("[0-9a-f]{64}"), "a sha256 hex: " + hash);
        JsonNode again = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
        assertEquals(hash, actionHash(again));
        // the canonical form ignores key order
        Map<String, Object> reordered = reorder(Fixture.add());
        assertEquals(hash, actionHash(fx.implement(Fixture.AGENT, List.of(reordered))));
        // and does not depend on the server instance
        try (Fixture other = new Fixture()) {
            assertEquals(hash, actionHash(other.implement(Fixture.AGENT, List.of(Fixture.add()))));
        }
        // another app with the same definition shares the hash, but has its own action
        JsonNode otherApp = fx.implement(Fixture.OTHER_AGENT, List.of(Fixture.add()));
        assertEquals(hash, actionHash(otherApp));
        assertNotEquals(again.get("implementations").get(0).get("action").get("id"),
                otherApp.get("implementations").get(0).get("action").get("id"));
    }

    @Test
    void changedDefinitionChangesTheHashAndUpdatesTheActionInPlace() {
        JsonNode before = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
        Map<String, Object> changed = Fixture.add();
        definition(changed).put("description", "adds, now documented differently");
        JsonNode after = fx.implement(Fixture.AGENT, List.of(changed));
        assertNotEquals(actionHash(before), actionHash(after));
        assertEquals(before.get("implementations").get(0).get("action").get("id"),
                after.get("implementations").get(0).get("action").get("id"), "same (app, key, version): same action");
        JsonNode action = fx.graphql(Fixture.CALLER).data("query($h: ActionHash!){ action(hash:$h){ description } }",
                Map.of("h", actionHash(after))).get("action");
        assertEquals("adds, now documented differently", action.get("description").asText());
        // a changed port changes the hash too
        Map<String, Object> retyped = Fixture.implementation("add", "FUNCTION",
                List.of(Fixture.port("a", "FLOAT"), Fixture.port("b", "INT")), List.of(Fixture.port("return0", "INT")));
        definition(retyped).put("description", "adds, now documented differently");
        assertNotEquals(actionHash(after), actionHash(fx.implement(Fixture.AGENT, List.of(retyped))));
    }

    @Test
    void listPortWithoutExactlyOneChildIsRejected() {
        Map<String, Object> list = Fixture.port("values", "LIST");
        String message = implementError(Fixture.implementation("sum", "FUNCTION", List.of(list), List.of()));
        assertTrue(message.contains("values") && message.contains("exactly one child"), message);
        list.put("children", List.of(Fixture.port("0", "INT"), Fixture.port("1", "INT")));
        message = implementError(Fixture.implementation("sum", "FUNCTION", List.of(list), List.of()));
        assertTrue(message.contains("exactly one child") && message.contains("has 2"), message);
        list.put("children", List.of(Fixture.port("0", "INT")));
        fx.implement(Fixture.AGENT, List.of(Fixture.implementation("sum", "FUNCTION", List.of(list), List.of())));
    }

    @Test
    void pureAndStatefulIsRejected() {
        Map<String, Object> implementation = Fixture.add();
        definition(implementation).put("pure", true);
        definition(implementation).put("stateful", true);
        String message = implementError(implementation);
        assertTrue(message.contains("pure") && message.contains("stateful"), message);
    }

    @Test
    void duplicatedInterfaceIsRejectedAndNothingChanges() {
        fx.implement(Fixture.AGENT, List.of(Fixture.count()));
        Map<String, Object> second = Fixture.implementation("add2", "FUNCTION", List.of(), List.of());
        second.put("interface", "add");
        String message = implementError(Fixture.add(), second);
        assertTrue(message.contains("'add'") && message.contains("twice"), message);
        JsonNode agent = fx.graphql(Fixture.AGENT)
                .data("{ agent(app: \"agent-app\") { implementations { interface } } }", Map.of()).get("agent");
        assertEquals(List.of("count"), interfaces(agent), "a rejected reconcile changes nothing");
    }

    private String implementError(Object... implementations) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "bad");
        input.put("implementations", List.of(implementations));
        return fx.graphql(Fixture.AGENT).error(Fixture.IMPLEMENT, Map.of("i", input));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> definition(Map<String, Object> implementation) {
        return (Map<String, Object>) implementation.get("definition");
    }

    /** The same implementation with every map's keys in reverse order. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> reorder(Map<String, Object> map) {
        List<String> keys = new ArrayList<>(map.keySet());
        java.util.Collections.reverse(keys);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : keys) {
            Object value = map.get(key);
            if (value instanceof Map<?, ?> m) {
                value = reorder((Map<String, Object>) m);
            } else if (value instanceof List<?> l) {
                value = l.stream().map(v -> v instanceof Map<?, ?> m ? reorder((Map<String, Object>) m) : v).toList();
            }
            out.put(key, value);
        }
        return out;
    }

    static List<String> interfaces(JsonNode agent) {
        List<String> interfaces = new ArrayList<>();
        agent.get("implementations").forEach(i -> interfaces.add(i.get("interface").asText()));
        return interfaces;
    }

    static String actionHash(JsonNode agent) {
        return agent.get("implementations").get(0).get("action").get("hash").asText();
    }
}
