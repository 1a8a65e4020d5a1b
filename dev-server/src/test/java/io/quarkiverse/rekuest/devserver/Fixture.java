package io.quarkiverse.rekuest.devserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.test.wire.Definitions;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkiverse.rekuest.test.wire.GraphQLHttp;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A dev server with fast timings and three identities in one organization, plus the raw steps every test needs:
 * register an agent over GraphQL, connect it on {@code /agi}, assign a task. Only raw HTTP and websocket clients
 * are used.
 */
public final class Fixture implements AutoCloseable {

    /** An agent identity, a second agent identity, and a pure caller, all in organization "lab". */
    public static final String AGENT = "agent-token", OTHER_AGENT = "other-agent-token", CALLER = "caller-token";

    public static final String ASSIGN = "mutation($i: AssignInput!){ assign(input:$i){ id reference latestEventKind latestInstructKind isDone } }";
    public static final String IMPLEMENT = "mutation($i: ImplementAgentInput!){ implementAgent(input:$i){ id hash implementations { id interface action { id hash kind } } } }";
    public static final String TASK = "query($id: ID!){ task(id:$id){ id isDone latestEventKind latestInstructKind events { id kind returns message progress } } }";

    public final DevServer server;

    public Fixture() {
        this(DevServerConfig.builder());
    }

    public Fixture(DevServerConfig.Builder config) {
        this.server = DevServer.start(config.port(0)
                .staticToken(AGENT, new Identity("agent-client", "agent-app", "1.0", "alice", "alice", "lab", List.of()))
                .staticToken(OTHER_AGENT, new Identity("other-client", "other-app", "1.0", "alice", "alice", "lab", List.of()))
                .staticToken(CALLER, new Identity("caller-client", "caller-app", "1.0", "bob", "bob", "lab", List.of()))
                .build());
    }

    /** Fast timings for heartbeat, stale and grace tests. */
    public static DevServerConfig.Builder fast() {
        return DevServerConfig.builder()
                .heartbeatInterval(Duration.ofMillis(300))
                .heartbeatTimeout(Duration.ofMillis(300))
                .staleAfter(Duration.ofSeconds(2))
                .grace(Duration.ofMillis(500))
                .reaperInterval(Duration.ofMillis(500));
    }

    public GraphQLHttp graphql(String token) {
        return new GraphQLHttp(server.graphqlUrl(), token);
    }

    /** A port definition. */
    public static Map<String, Object> port(String key, String kind) {
        return Definitions.port(key, kind);
    }

    /** An implementation of a definition with the given ports (not idempotent). */
    public static Map<String, Object> implementation(String key, String kind, List<Map<String, Object>> args,
            List<Map<String, Object>> returns) {
        return Definitions.implementation(key, kind, false, args, returns);
    }

    /** {@code add(a, b) -> return0}, a FUNCTION. */
    public static Map<String, Object> add() {
        return implementation("add", "FUNCTION", List.of(port("a", "INT"), port("b", "INT")), List.of(port("return0", "INT")));
    }

    /** {@code count(n) -> return0...}, a GENERATOR. */
    public static Map<String, Object> count() {
        return implementation("count", "GENERATOR", List.of(port("n", "INT")), List.of(port("return0", "INT")));
    }

    /** ensureAgent + implementAgent for a token; returns the implementAgent result. */
    public JsonNode implement(String token, List<Map<String, Object>> implementations) {
        GraphQLHttp gql = graphql(token);
        gql.data("mutation($i: AgentInput!){ ensureAgent(input:$i){ id } }", Map.of("i", Map.of("name", token)));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", token);
        input.put("implementations", implementations);
        input.put("states", List.of());
        input.put("locks", List.of());
        return gql.data(IMPLEMENT, Map.of("i", input)).get("implementAgent");
    }

    /** Opens {@code /agi}, sends REGISTER and returns the socket after INIT (the INIT frame is consumed). */
    public RawSocket connect(String token, String sessionId, boolean force) {
        RawSocket socket = RawSocket.connect(server.agiUrl());
        socket.send(register(token, sessionId, force));
        JsonNode init = socket.next();
        assertEquals("INIT", init.path("type").asText(), () -> "expected INIT, got " + init);
        return socket;
    }

    public RawSocket connect(String token) {
        return connect(token, UUID.randomUUID().toString(), false);
    }

    public static Map<String, Object> register(String token, String sessionId, boolean force) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", "REGISTER");
        frame.put("token", token);
        frame.put("force", force);
        frame.put("session_id", sessionId);
        return frame;
    }

    /** A frame from the agent: type, task and further key/value pairs. */
    public static Map<String, Object> frame(String type, String task, Object... more) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", type);
        if (task != null) {
            frame.put("task", task);
        }
        for (int i = 0; i < more.length; i += 2) {
            frame.put((String) more[i], more[i + 1]);
        }
        return frame;
    }

    /** Assigns by action id and returns the task id. */
    public String assign(String token, String actionId, Map<String, Object> args) {
        Map<String, Object> input = GraphQLCaller.assignInput("action", actionId, args);
        return graphql(token).data(ASSIGN, Map.of("i", input)).get("assign").get("id").asText();
    }

    /** The kinds of a task's events, in order, from {@code task(id) { events }}. */
    public List<String> eventKinds(String token, String taskId) {
        List<String> kinds = new ArrayList<>();
        graphql(token).data(TASK, Map.of("id", taskId)).get("task").get("events")
                .forEach(e -> kinds.add(e.get("kind").asText()));
        return kinds;
    }

    public JsonNode task(String token, String taskId) {
        return graphql(token).data(TASK, Map.of("id", taskId)).get("task");
    }

    @Override
    public void close() {
        server.close();
    }
}
