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
 * The connection's single consumer (§2.7, §2.12): frames are handled one at a time in arrival order, each report (and
 * each mirror event) after its cost, so a burst builds a backlog; a HEARTBEAT_ANSWER waits behind it and counts as
 * late when it is processed after the answer budget (3001). A server without the cost answers everything at once.
 */
class ReportCostTest {

    private static final Duration SLOW_HEARTBEATS = Duration.ofSeconds(30);

    private static Fixture server(Duration cost, Duration heartbeatInterval, Duration heartbeatTimeout) {
        return new Fixture(DevServerConfig.builder().reportCost(cost).heartbeatInterval(heartbeatInterval)
                .heartbeatTimeout(heartbeatTimeout).staleAfter(Duration.ofSeconds(60)));
    }

    @Test
    void reportsAreAckedInArrivalOrderEachAfterItsCost() {
        Duration cost = Duration.ofMillis(25);
        int reports = 20;
        try (Fixture fx = server(cost, SLOW_HEARTBEATS, Duration.ofSeconds(5))) {
            String actionId = Agi.implement(fx, Fixture.AGENT, Fixture.count()).actionId();
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                String task = fx.assign(Fixture.CALLER, actionId, Map.of("n", 1));
                Agi.awaitAssign(agent.socket(), task);
                List<Map<String, Object>> burst = new ArrayList<>();
                for (int i = 1; i <= reports; i++) {
                    burst.add(Fixture.frame(i % 2 == 0 ? "PAUSED" : "RESUMED", task, "seq", i));
                }
                long sent = System.nanoTime();
                agent.socket().sendAll(burst);
                List<Long> ackedAt = new ArrayList<>();
                for (int i = 0; i < reports; i++) {
                    JsonNode ack = agent.socket().next();
                    ackedAt.add(System.nanoTime());
                    assertEquals("EVENT_ACK", ack.get("type").asText(), ack::toString);
                    assertEquals(burst.get(i).get("id"), ack.get("event").asText(), "acks in arrival order");
                }
                long firstMs = Duration.ofNanos(ackedAt.get(0) - sent).toMillis();
                long allMs = Duration.ofNanos(ackedAt.get(reports - 1) - sent).toMillis();
                assertTrue(firstMs >= cost.toMillis() - 2, "the first ack comes after one cost, came after " + firstMs + " ms");
                assertTrue(allMs >= reports * cost.toMillis() - 5,
                        reports + " reports cost " + reports * cost.toMillis() + " ms one after another, took " + allMs
                                + " ms");
                System.out.printf("report cost %d ms: %d acked reports in %d ms = %.1f reports/s%n", cost.toMillis(), reports,
                        allMs, reports * 1000.0 / allMs);
            }
        }
    }

    @Test
    void mirrorsOfTheAgentsOwnTasksCostAsMuchAsReports() {
        Duration cost = Duration.ofMillis(20);
        int reports = 10;
        try (Fixture fx = server(cost, SLOW_HEARTBEATS, Duration.ofSeconds(5))) {
            String actionId = Agi.implement(fx, Fixture.AGENT, Fixture.count()).actionId();
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                // the agent calls itself: every report of the task also comes back to it as a *_EVENT mirror
                String task = fx.assign(Fixture.AGENT, actionId, Map.of("n", 1));
                Agi.awaitAssign(agent.socket(), task);
                List<Map<String, Object>> burst = new ArrayList<>();
                for (int i = 1; i <= reports; i++) {
                    burst.add(Fixture.frame("LOG", task, "seq", i, "message", "line " + i, "level", "INFO"));
                }
                long sent = System.nanoTime();
                agent.socket().sendAll(burst);
                int mirrors = 0;
                while (mirrors < reports) {
                    if ("LOG_EVENT".equals(agent.socket().next().path("type").asText())) {
                        mirrors++;
                    }
                }
                long tookMs = Duration.ofNanos(System.nanoTime() - sent).toMillis();
                // 10 reports and their 10 mirrors through one consumer: twice the cost of the reports alone
                assertTrue(tookMs >= 2 * reports * cost.toMillis() - 5,
                        "reports and mirrors share the consumer's time: expected at least " + 2 * reports * cost.toMillis()
                                + " ms, took " + tookMs + " ms");
            }
        }
    }

    @Test
    void aHeartbeatAnswerStuckBehindABacklogOfReportsClosesTheSocketWith3001() {
        Duration cost = Duration.ofMillis(5);
        int reports = 300; // 1.5 s of work, ten times the answer budget
        try (Fixture fx = server(cost, Duration.ofMillis(300), Duration.ofMillis(150))) {
            Agi.Implemented count = Agi.implement(fx, Fixture.AGENT, Fixture.count());
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                RawSocket socket = agent.socket().answerHeartbeats();
                String task = fx.assign(Fixture.CALLER, count.actionId(), Map.of("n", reports));
                Agi.awaitAssign(socket, task);
                List<Map<String, Object>> burst = new ArrayList<>();
                for (int i = 1; i <= reports; i++) {
                    burst.add(Fixture.frame("PROGRESS", task, "seq", i, "progress", i * 100 / reports));
                }
                long sent = System.nanoTime();
                socket.sendAll(burst);
                assertEquals(3001, socket.awaitClose(Duration.ofSeconds(5)),
                        "the answer was sent at once but processed too late; frames: " + socket.history().size());
                long closedMs = Duration.ofNanos(System.nanoTime() - sent).toMillis();
                System.out.printf("report cost %d ms, burst of %d, heartbeat 300/150 ms: 3001 after %d ms%n", cost.toMillis(),
                        reports, closedMs);
                assertTrue(closedMs < reports * cost.toMillis(),
                        "closed before the backlog was worked off: " + closedMs + " ms");
                assertTrue(socket.history().stream().anyMatch(f -> "HEARTBEAT".equals(f.path("type").asText())));
            }
        }
    }

    @Test
    void withoutACostTheSameBurstKeepsTheSocket() {
        int reports = 300;
        try (Fixture fx = server(Duration.ZERO, Duration.ofMillis(300), Duration.ofMillis(150))) {
            Agi.Implemented count = Agi.implement(fx, Fixture.AGENT, Fixture.count());
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                RawSocket socket = agent.socket().answerHeartbeats();
                String task = fx.assign(Fixture.CALLER, count.actionId(), Map.of("n", reports));
                Agi.awaitAssign(socket, task);
                List<Map<String, Object>> burst = new ArrayList<>();
                for (int i = 1; i <= reports; i++) {
                    burst.add(Fixture.frame("PROGRESS", task, "seq", i, "progress", 1));
                }
                socket.sendAll(burst);
                socket.expectNoFrameOtherThan("HEARTBEAT", Duration.ofMillis(800));
                assertTrue(!socket.isClosed(), "no backlog, no late answer");
            }
        }
    }
}
