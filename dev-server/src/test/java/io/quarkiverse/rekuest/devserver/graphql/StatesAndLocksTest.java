package io.quarkiverse.rekuest.devserver.graphql;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.devserver.store.StateStore;
import io.quarkiverse.rekuest.test.wire.GraphQLHttp;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * States and locks (§2.4, §5.5): declared with {@code implementAgent}, kept from {@code SESSION_INIT},
 * {@code STATE_SNAPSHOT} and {@code STATE_PATCH}, readable with {@code states} and {@code watchState}; a frame for an
 * undeclared state or lock closes the socket 3003; {@code LOCK} / {@code UNLOCK} keep the holder.
 */
class StatesAndLocksTest {

    static final String STATES = "{ states { id interface definition { name ports { key kind } } agent { id } } }";
    static final String MANIPULATES = "query($id: ID!){ agent(id:$id){ states { interface } implementations { interface manipulates { interface } } } }";
    static final String WATCH = "subscription($a: ID!, $i: String){ watchState(agentId:$a, interface:$i) { __typename"
            + " ... on StateSnapshotEvent { interface value globalRevision sessionId }"
            + " ... on StatePatchEvent { interface op path value globalRevision } } }";

    private final Fixture fx = new Fixture();
    private RawSocket socket;
    private String agentId;
    private String task;

    @BeforeEach
    void setUp() {
        Map<String, Object> move = Fixture.implementation("move", "FUNCTION", List.of(Fixture.port("x", "INT")), List.of());
        move.put("locks", List.of("stage"));
        move.put("manipulates", List.of("position"));
        JsonNode implemented = implement(List.of(move), List.of(positionState()), List.of(lock("stage")));
        agentId = implemented.get("id").asText();
        String action = implemented.get("implementations").get(0).get("action").get("id").asText();
        socket = fx.connect(Fixture.AGENT);
        socket.answerHeartbeats();
        task = fx.assign(Fixture.CALLER, action, Map.of("x", 1));
        socket.nextMatching(f -> "ASSIGN".equals(f.path("type").asText()) && task.equals(f.path("task").asText()),
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        socket.close();
        fx.close();
    }

    private JsonNode implement(List<Map<String, Object>> implementations, List<Map<String, Object>> states,
            List<Map<String, Object>> locks) {
        GraphQLHttp gql = fx.graphql(Fixture.AGENT);
        gql.data("mutation($i: AgentInput!){ ensureAgent(input:$i){ id } }", Map.of("i", Map.of("name", "a")));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "a");
        input.put("implementations", implementations);
        input.put("states", states);
        input.put("locks", locks);
        return gql.data(Fixture.IMPLEMENT, Map.of("i", input)).get("implementAgent");
    }

    static Map<String, Object> positionState() {
        return Map.of("interface", "position", "definition", Map.of("name", "Position", "ports",
                List.of(Fixture.port("x", "INT"), Fixture.port("moving", "BOOL"))));
    }

    static Map<String, Object> lock(String key) {
        return Map.of("key", key, "definition", Map.of("key", key, "description", "the " + key));
    }

    private static Map<String, Object> frame(String type, Object... fields) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", type);
        for (int i = 0; i < fields.length; i += 2) {
            frame.put((String) fields[i], fields[i + 1]);
        }
        return frame;
    }

    private StateStore.StateRecord position() {
        return fx.server.store().states().statesOf(fx.server.store().agent(agentId)).get(0);
    }

    private void awaitRevision(long rev) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (position().globalRevision != rev && System.nanoTime() < deadline) {
            sleep(10);
        }
        assertEquals(rev, position().globalRevision);
    }

    @Test
    void declaredStatesAreListedWithTheirSchemaAndTheImplementationsThatManipulateThem() {
        JsonNode states = fx.graphql(Fixture.CALLER).data(STATES, Map.of()).get("states");
        assertEquals(1, states.size(), states::toString);
        assertEquals("position", states.get(0).get("interface").asText());
        assertEquals("Position", states.get(0).get("definition").get("name").asText());
        assertEquals("moving", states.get(0).get("definition").get("ports").get(1).get("key").asText());
        JsonNode read = fx.graphql(Fixture.AGENT).data(MANIPULATES, Map.of("id", agentId)).get("agent");
        assertEquals("position", read.get("implementations").get(0).get("manipulates").get(0).get("interface").asText());
    }

    @Test
    void snapshotsAndPatchesAreKeptAndWatchedInOrder() {
        try (Api.Sub sub = Api.Sub.open(fx.server.subscriptionsUrl(), "graphql-transport-ws", Fixture.CALLER)) {
            socket.send(frame("SESSION_INIT", "session_id", "s1", "states",
                    Map.of("position", Map.of("x", 0, "moving", false))));
            awaitRevision(0);
            sub.subscribe("1", WATCH, Map.of("a", agentId, "i", "position"));
            JsonNode first = sub.nextData("1").get("watchState");
            assertEquals("StateSnapshotEvent", first.get("__typename").asText(), "the current value comes first");
            assertEquals(0, first.get("value").get("x").asInt());

            socket.send(frame("STATE_PATCH", "session_id", "s1", "global_rev", 1, "state_name", "position", "ts",
                    1.0, "op", "replace", "path", "/x", "value", 7, "old_value", 0, "task_id", task));
            socket.send(frame("STATE_PATCH", "session_id", "s1", "global_rev", 2, "state_name", "position", "ts",
                    1.0, "op", "replace", "path", "/moving", "value", true, "old_value", false, "task_id", task));
            JsonNode patch = sub.nextData("1").get("watchState");
            assertEquals("StatePatchEvent", patch.get("__typename").asText());
            assertEquals("/x", patch.get("path").asText());
            assertEquals(7, patch.get("value").asInt());
            assertEquals(2, sub.nextData("1").get("watchState").get("globalRevision").asInt());
            awaitRevision(2);
            assertEquals(Map.of("x", 7, "moving", true),
                    io.quarkiverse.rekuest.devserver.store.Json.MAPPER.convertValue(position().value, Map.class));
            assertEquals(task, fx.server.store().states().patches(position()).get(0).get("task").asText(),
                    "a patch names the task that made it");

            socket.send(frame("STATE_SNAPSHOT", "session_id", "s1", "global_rev", 3, "snapshots",
                    Map.of("position", Map.of("x", 9, "moving", false))));
            JsonNode snapshot = sub.nextData("1").get("watchState");
            assertEquals("StateSnapshotEvent", snapshot.get("__typename").asText());
            assertEquals(9, snapshot.get("value").get("x").asInt());
        }
    }

    @Test
    void aPatchOfAnUndeclaredStateClosesTheSocket3003() {
        socket.send(frame("STATE_PATCH", "session_id", "s1", "global_rev", 1, "state_name", "temperature", "ts",
                1.0, "op", "replace", "path", "/x", "value", 7, "old_value", 0, "task_id", null));
        assertEquals(3003, socket.awaitClose(Duration.ofSeconds(5)));
    }

    @Test
    void lockAndUnlockKeepTheHolderAndALockForAnUnknownTaskIsIgnored() {
        socket.send(frame("LOCK", "key", "stage", "task", "999999"));
        socket.send(frame("LOCK", "key", "stage", "task", task));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        StateStore.LockRecord lock = fx.server.store().states().lockOf(fx.server.store().agent(agentId), "stage");
        while (lock.history.isEmpty() && System.nanoTime() < deadline) {
            sleep(10);
        }
        assertEquals(task, lock.holder);
        socket.send(frame("UNLOCK", "key", "stage"));
        while (lock.holder != null && System.nanoTime() < deadline) {
            sleep(10);
        }
        assertNull(lock.holder);
        assertEquals(List.of("LOCK " + task, "UNLOCK"), lock.history);
    }

    @Test
    void aLockThatWasNotDeclaredClosesTheSocket3003() {
        socket.send(frame("LOCK", "key", "laser", "task", task));
        assertEquals(3003, socket.awaitClose(Duration.ofSeconds(5)));
    }

    @Test
    void anImplementationManipulatingAnUndeclaredStateIsRefusedNamingIt() {
        Map<String, Object> move = Fixture.implementation("move", "FUNCTION", List.of(Fixture.port("x", "INT")), List.of());
        move.put("manipulates", List.of("temperature"));
        GraphQLHttp gql = fx.graphql(Fixture.AGENT);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "a");
        input.put("implementations", List.of(move));
        input.put("states", List.of(positionState()));
        input.put("locks", List.of());
        String error = gql.error(Fixture.IMPLEMENT, Map.of("i", input));
        assertTrue(error.contains("temperature"), error);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
