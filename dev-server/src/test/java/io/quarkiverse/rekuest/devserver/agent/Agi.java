package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Shared steps of the {@code /agi} protocol tests (§2 of the protocol reference), on top of {@link Fixture}: only raw
 * HTTP and websocket clients.
 */
final class Agi {

    static final String CANCEL = "mutation($i: CancelInput!){ cancel(input:$i){ id isDone latestEventKind latestInstructKind } }";
    static final String INTERRUPT = "mutation($i: InterruptInput!){ interrupt(input:$i){ id isDone latestEventKind latestInstructKind } }";
    static final String PAUSE = "mutation($i: PauseInput!){ pause(input:$i){ id isDone latestEventKind latestInstructKind } }";
    static final String RESUME = "mutation($i: ResumeInput!){ resume(input:$i){ id isDone latestEventKind latestInstructKind } }";
    static final String BLOCK = "mutation($i: BlockInput!){ block(input:$i){ id blocked } }";
    static final String UNBLOCK = "mutation($i: UnblockInput!){ unblock(input:$i){ id blocked } }";
    static final String KICK = "mutation($i: KickInput!){ kick(input:$i){ id } }";
    static final String BOUNCE = "mutation($i: BounceInput!){ bounce(input:$i){ id } }";
    static final String SHELVE = "mutation($i: ShelveInMemoryDrawerInput!){ shelveInMemoryDrawer(input:$i){ id } }";
    static final String COLLECT = "mutation($i: CollectInput!){ collect(input:$i) }";
    static final String AGENT = "query($id: ID!){ agent(id:$id){ id connected active blocked } }";

    private Agi() {
    }

    /** A registered implementation: the agent's id and the action's id. */
    record Implemented(String agentId, String actionId, String implementationId) {
    }

    /** ensureAgent + implementAgent with one implementation; returns the ids of the first one. */
    static Implemented implement(Fixture fx, String token, Map<String, Object> implementation) {
        return implementAll(fx, token, List.of(implementation)).get(0);
    }

    static List<Implemented> implementAll(Fixture fx, String token, List<Map<String, Object>> implementations) {
        JsonNode agent = fx.implement(token, implementations);
        String agentId = agent.get("id").asText();
        List<Implemented> result = new java.util.ArrayList<>();
        for (JsonNode implementation : agent.get("implementations")) {
            result.add(new Implemented(agentId, implementation.get("action").get("id").asText(),
                    implementation.get("id").asText()));
        }
        return result;
    }

    /** {@code add} with a distinct key/interface, optionally PHYSICAL and/or idempotent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> action(String key, String effect, boolean idempotent) {
        Map<String, Object> implementation = Fixture.implementation(key, "FUNCTION",
                List.of(Fixture.port("a", "INT"), Fixture.port("b", "INT")), List.of(Fixture.port("return0", "INT")));
        if (effect != null) {
            implementation.put("effect", effect);
        }
        ((Map<String, Object>) implementation.get("definition")).put("idempotent", idempotent);
        return implementation;
    }

    /** A connection after REGISTER: the socket and the INIT frame it got. */
    record Connection(RawSocket socket, JsonNode init) implements AutoCloseable {
        List<String> inquiries() {
            List<String> tasks = new java.util.ArrayList<>();
            init.get("inquiries").forEach(i -> tasks.add(i.get("task").asText()));
            return tasks;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Opens /agi, sends REGISTER and returns the socket with its INIT. */
    static Connection register(Fixture fx, String token, String sessionId, boolean force) {
        RawSocket socket = RawSocket.connect(fx.server.agiUrl());
        socket.send(Fixture.register(token, sessionId, force));
        JsonNode init = socket.next();
        assertEquals("INIT", init.path("type").asText(), () -> "expected INIT, got " + init);
        return new Connection(socket, init);
    }

    static String session() {
        return UUID.randomUUID().toString();
    }

    /** Assigns {@code {a:1, b:2}} as the caller and returns the task id. */
    static String assign(Fixture fx, String callerToken, String actionId) {
        return fx.assign(callerToken, actionId, Map.of("a", 1, "b", 2));
    }

    /** Reads the ASSIGN for a task (skipping other frames) and returns it. */
    static JsonNode awaitAssign(RawSocket socket, String task) {
        return socket.nextMatching(f -> "ASSIGN".equals(f.path("type").asText()) && task.equals(f.path("task").asText()),
                Duration.ofSeconds(5));
    }

    /** Sends a report and returns the EVENT_ACK that names it. */
    static JsonNode reportAcked(RawSocket socket, Map<String, Object> report) {
        socket.send(report);
        return socket.nextMatching(f -> "EVENT_ACK".equals(f.path("type").asText())
                && report.get("id").equals(f.path("event").asText()), Duration.ofSeconds(5));
    }

    static JsonNode control(Fixture fx, String token, String mutation, Map<String, Object> input) {
        return fx.graphql(token).data(mutation, Map.of("i", input)).fields().next().getValue();
    }

    /** Waits until the server has noticed the agent's connection is gone (connected = false). */
    static void awaitOffline(Fixture fx, String agentId) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> !fx.graphql(Fixture.CALLER).data(AGENT, Map.of("id", agentId)).get("agent").get("connected")
                        .asBoolean());
    }

    /** Waits until the task's events contain the kind; returns the kinds then. */
    static List<String> awaitEvent(Fixture fx, String task, String kind) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> fx.eventKinds(Fixture.CALLER, task).contains(kind));
        return fx.eventKinds(Fixture.CALLER, task);
    }
}
