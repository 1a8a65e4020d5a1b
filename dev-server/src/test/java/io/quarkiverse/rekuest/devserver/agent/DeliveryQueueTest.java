package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-agent delivery queue (§2.7): FIFO, and it survives disconnects. GraphQL {@code assign} is refused while the
 * agent is offline (§10b), so what can be queued while offline is controls, COLLECT, BOUNCE, KICK and the ASSIGN of an
 * idempotent task re-queued when the grace window ends; all of it is delivered after the next REGISTER, in order.
 */
class DeliveryQueueTest {

    private static final Duration SLOW_HEARTBEATS = Duration.ofSeconds(30);

    private static List<String> describe(List<JsonNode> frames) {
        List<String> described = new ArrayList<>();
        for (JsonNode frame : frames) {
            String type = frame.get("type").asText();
            described.add(frame.hasNonNull("task") ? type + " " + frame.get("task").asText() : type);
        }
        return described;
    }

    private static List<JsonNode> next(RawSocket socket, int n) {
        List<JsonNode> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(socket.next());
        }
        return frames;
    }

    @Test
    void framesQueuedWhileOfflineAreDeliveredInOrderAfterTheNextRegister() {
        try (Fixture fx = new Fixture(Fixture.fast().heartbeatInterval(SLOW_HEARTBEATS).staleAfter(Duration.ofSeconds(60))
                .grace(Duration.ofSeconds(60)))) {
            Agi.Implemented add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
            String drawer = fx.graphql(Fixture.AGENT).data(Agi.SHELVE,
                    Map.of("i", Map.of("identifier", "@test/blob", "resourceId", "blob-1"))).get("shelveInMemoryDrawer")
                    .get("id").asText();
            String session = Agi.session();
            String t1, t2;
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, session, false)) {
                t1 = Agi.assign(fx, Fixture.CALLER, add.actionId());
                t2 = Agi.assign(fx, Fixture.CALLER, add.actionId());
                Agi.awaitAssign(agent.socket(), t2);
            }
            Agi.awaitOffline(fx, add.agentId());

            // offline: new work is refused, like the real server ...
            Map<String, Object> input = Map.of("implementation", add.implementationId(), "args", Map.of("a", 1, "b", 2),
                    "cached", false,
                    "log", false, "capture", false, "ephemeral", false);
            String refused = fx.graphql(Fixture.CALLER).error(Fixture.ASSIGN, Map.of("i", input));
            assertTrue(refused.contains("not available"), refused);
            // ... but these are queued for the agent
            Agi.control(fx, Fixture.CALLER, Agi.CANCEL, Map.of("task", t1));
            Agi.control(fx, Fixture.CALLER, Agi.PAUSE, Map.of("task", t2));
            fx.graphql(Fixture.CALLER).data(Agi.COLLECT, Map.of("i", Map.of("drawers", List.of(drawer))));
            Agi.control(fx, Fixture.CALLER, Agi.BOUNCE, Map.of("agent", add.agentId()));
            Agi.control(fx, Fixture.CALLER, Agi.KICK, Map.of("agent", add.agentId()));

            try (Agi.Connection again = Agi.register(fx, Fixture.AGENT, session, false)) {
                assertEquals(List.of(t1, t2), again.inquiries());
                List<JsonNode> frames = next(again.socket(), 5);
                assertEquals(List.of("CANCEL " + t1, "PAUSE " + t2, "COLLECT", "BOUNCE", "KICK"), describe(frames),
                        "FIFO after REGISTER: " + frames);
                assertEquals(List.of(drawer), List.of(frames.get(2).get("drawers").get(0).asText()));
                again.socket().expectNoFrame(Duration.ofMillis(200));
            }
        }
    }

    @Test
    void anAssignRequeuedAtGraceExpiryQueuesBehindWhatWasAlreadyWaiting() {
        try (Fixture fx = new Fixture(Fixture.fast().heartbeatInterval(SLOW_HEARTBEATS).staleAfter(Duration.ofSeconds(60))
                .grace(Duration.ofMillis(400)))) {
            Agi.Implemented lookup = Agi.implement(fx, Fixture.AGENT, Agi.action("lookup", null, true));
            String session = Agi.session();
            String task;
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, session, false)) {
                task = Agi.assign(fx, Fixture.CALLER, lookup.actionId());
                Agi.awaitAssign(agent.socket(), task);
            }
            Agi.awaitOffline(fx, lookup.agentId());
            Agi.control(fx, Fixture.CALLER, Agi.BOUNCE, Map.of("agent", lookup.agentId()));
            Agi.awaitEvent(fx, task, "QUEUED");

            try (Agi.Connection again = Agi.register(fx, Fixture.AGENT, session, false)) {
                // the real server inquires about every unfinished task of the agent, its ASSIGN queued or not
                assertEquals(List.of(task), again.inquiries(), "the re-queued task is unfinished, so it is inquired about");
                assertEquals(List.of("BOUNCE", "ASSIGN " + task), describe(next(again.socket(), 2)));
            }
        }
    }

    @Test
    void framesForAConnectedAgentKeepTheOrderOfTheCallsThatQueuedThem() {
        try (Fixture fx = new Fixture()) {
            Agi.Implemented add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                String t1 = Agi.assign(fx, Fixture.CALLER, add.actionId());
                Agi.control(fx, Fixture.CALLER, Agi.CANCEL, Map.of("task", t1));
                String t2 = Agi.assign(fx, Fixture.CALLER, add.actionId());
                Agi.control(fx, Fixture.CALLER, Agi.PAUSE, Map.of("task", t2));
                String t3 = Agi.assign(fx, Fixture.CALLER, add.actionId());
                assertEquals(List.of("ASSIGN " + t1, "CANCEL " + t1, "ASSIGN " + t2, "PAUSE " + t2, "ASSIGN " + t3),
                        describe(next(agent.socket(), 5)));
            }
        }
    }
}
