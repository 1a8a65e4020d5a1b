package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Heartbeats (§2.6): the server pings, an answer renews the lease, silence closes 3001. */
class HeartbeatTest {

    /** Fast pings (300 ms, 300 ms to answer) and a 1 s stale window, so outliving it proves the lease is renewed. */
    private final Fixture fx = new Fixture(Fixture.fast().staleAfter(Duration.ofSeconds(1)));

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void answeredHeartbeatsKeepTheSocketAndTheAgentLiveBeyondTheStaleWindow() {
        String actionId = Agi.implement(fx, Fixture.AGENT, Fixture.add()).actionId();
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
            long until = System.nanoTime() + Duration.ofMillis(1600).toNanos();
            int answered = 0;
            while (System.nanoTime() < until) {
                JsonNode ping = agent.socket().nextOfType("HEARTBEAT");
                agent.socket().send(Map.of("id", ping.get("id").asText(), "type", "HEARTBEAT_ANSWER"));
                answered++;
            }
            assertFalse(agent.socket().isClosed(), "answering keeps the socket open");
            assertEquals(true, answered >= 3, "pings keep coming after each answer: " + answered);

            // past the 1 s stale window: only renewed leases keep the agent routable
            String task = Agi.assign(fx, Fixture.CALLER, actionId);
            Agi.awaitAssign(agent.socket(), task);
            Agi.reportAcked(agent.socket(), Fixture.frame("COMPLETED", task, "seq", 1));
        }
    }

    @Test
    void anUnansweredHeartbeatClosesTheSocketWith3001() {
        String agentId = Agi.implement(fx, Fixture.AGENT, Fixture.add()).agentId();
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
            JsonNode ping = agent.socket().next(Duration.ofSeconds(2));
            assertEquals("HEARTBEAT", ping.get("type").asText(), "the first frame after INIT is a ping: " + ping);
            long pinged = System.nanoTime();
            assertEquals(3001, agent.socket().awaitClose(Duration.ofSeconds(3)));
            long waited = Duration.ofNanos(System.nanoTime() - pinged).toMillis();
            assertEquals(true, waited >= 200, "closed only after the answer timeout, waited " + waited + " ms");
            Agi.awaitOffline(fx, agentId);
        }
    }
}
