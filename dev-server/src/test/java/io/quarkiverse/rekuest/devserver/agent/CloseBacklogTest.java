package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a close the consumer works through its backlog for {@code closeBacklogTimeout} (§2.12). Emptied in time, the
 * usual disconnect handling runs; otherwise the rest is lost and the agent stays {@code connected}, so a REGISTER
 * without force is refused with 4004 until the agent is stale, and then displaces the stale holder (4005 if it is
 * still open).
 */
class CloseBacklogTest {

    private static final Duration COST = Duration.ofMillis(20);
    private static final Duration STALE = Duration.ofMillis(1500);

    private static Fixture server() {
        return new Fixture(DevServerConfig.builder().reportCost(COST).closeBacklogTimeout(Duration.ofMillis(300))
                .staleAfter(STALE).heartbeatInterval(Duration.ofSeconds(30)).grace(Duration.ofSeconds(30))
                .reaperInterval(Duration.ofSeconds(30)));
    }

    private static List<Map<String, Object>> logs(String task, int n) {
        List<Map<String, Object>> frames = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            frames.add(Fixture.frame("LOG", task, "seq", i, "message", "line " + i, "level", "INFO"));
        }
        return frames;
    }

    private static boolean connected(Fixture fx, String agentId) {
        return fx.graphql(Fixture.CALLER).data(Agi.AGENT, Map.of("id", agentId)).get("agent").get("connected").asBoolean();
    }

    @Test
    void aBacklogLongerThanTheTimeoutIsDroppedAndTheAgentStaysConnectedUntilStale() throws InterruptedException {
        try (Fixture fx = server()) {
            Agi.Implemented count = Agi.implement(fx, Fixture.AGENT, Fixture.count());
            String session = Agi.session();
            String task;
            long closedAt;
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, session, false)) {
                task = fx.assign(Fixture.CALLER, count.actionId(), Map.of("n", 1));
                Agi.awaitAssign(agent.socket(), task);
                agent.socket().sendAll(logs(task, 60)); // 1.2 s of work
                closedAt = System.nanoTime();
            }
            // 300 ms of the backlog are worked off after the close, the rest is lost
            Thread.sleep(500);
            int stored = fx.eventKinds(Fixture.CALLER, task).size();
            assertTrue(stored > 0 && stored < 40, "part of the 60 LOGs is stored, the rest dropped: " + stored);
            assertEquals(stored, fx.eventKinds(Fixture.CALLER, task).size(), "nothing more is processed");
            assertTrue(connected(fx, count.agentId()), "no disconnect handling ran: the agent is still connected");

            // the store still believes in the old connection: refused until its lastSeen is stale
            try (RawSocket early = RawSocket.connect(fx.server.agiUrl())) {
                early.send(Fixture.register(Fixture.AGENT, session, false));
                assertEquals("PROTOCOL_ERROR", early.next().get("type").asText());
                early.assertClosedWith(4004);
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - closedAt).compareTo(STALE) < 0, "the test was too slow");

            JsonNode init = awaitRegistered(fx, session);
            assertEquals("INIT", init.get("type").asText());
            long afterClose = Duration.ofNanos(System.nanoTime() - closedAt).toMillis();
            assertTrue(afterClose >= STALE.toMillis() - 600, "accepted only once stale, after " + afterClose + " ms");
        }
    }

    /** Retries REGISTER (without force) until it is accepted; every refusal must be the 4004 of a live holder. */
    private static JsonNode awaitRegistered(Fixture fx, String session) {
        for (int attempt = 0; attempt < 40; attempt++) {
            RawSocket socket = RawSocket.connect(fx.server.agiUrl());
            socket.send(Fixture.register(Fixture.AGENT, session, false));
            JsonNode reply = socket.next();
            if ("INIT".equals(reply.get("type").asText())) {
                socket.close();
                return reply;
            }
            assertEquals("PROTOCOL_ERROR", reply.get("type").asText());
            socket.assertClosedWith(4004);
            socket.close();
            sleep(100);
        }
        throw new AssertionError("REGISTER still refused after the agent should have gone stale");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBacklogEmptiedInTimeIsStoredCompletelyAndTheDisconnectIsHandled() {
        try (Fixture fx = server()) {
            Agi.Implemented count = Agi.implement(fx, Fixture.AGENT, Fixture.count());
            String task;
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                task = fx.assign(Fixture.CALLER, count.actionId(), Map.of("n", 1));
                Agi.awaitAssign(agent.socket(), task);
                agent.socket().sendAll(logs(task, 8)); // 160 ms of work, inside the 300 ms
            }
            Agi.awaitOffline(fx, count.agentId());
            assertEquals(8, fx.eventKinds(Fixture.CALLER, task).size(), "the whole backlog was processed after the close");
        }
    }

    @Test
    void aStaleHolderIsDisplacedWithoutForceAndGets4005() {
        try (Fixture fx = server()) {
            Agi.implement(fx, Fixture.AGENT, Fixture.count());
            String session = Agi.session();
            // heartbeats every 30 s: nothing renews the first connection's lease
            try (Agi.Connection first = Agi.register(fx, Fixture.AGENT, session, false)) {
                JsonNode init = awaitRegistered(fx, session);
                assertEquals("INIT", init.get("type").asText());
                first.socket().assertClosedWith(4005);
            }
        }
    }
}
