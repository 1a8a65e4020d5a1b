package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.Fixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What v2.2.0 keeps of reports (§2.4, §2.12): only terminal reports for a finished task are dropped (still acked);
 * a YIELD, LOG or PROGRESS for a finished task is stored like any other, and nothing is de-duplicated by frame id or
 * seq. Acks come only for durable kinds, once the report has been processed.
 */
class LateReportTest {

    @Test
    void streamReportsForAFinishedTaskAreStoredUnackedAndTheTaskStaysDone() {
        try (Fixture fx = new Fixture()) {
            String actionId = Agi.implement(fx, Fixture.AGENT, Fixture.count()).actionId();
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                String task = fx.assign(Fixture.CALLER, actionId, Map.of("n", 1));
                Agi.awaitAssign(agent.socket(), task);
                Agi.reportAcked(agent.socket(), Fixture.frame("COMPLETED", task, "seq", 1));

                // an agent re-sending its stream after a reconnect: the YIELD arrives after the COMPLETED
                agent.socket().send(Fixture.frame("YIELD", task, "seq", 2, "returns", Map.of("return0", 7)));
                agent.socket().send(Fixture.frame("LOG", task, "seq", 3, "message", "late", "level", "INFO"));
                agent.socket().send(Fixture.frame("PROGRESS", task, "seq", 4, "progress", 100));
                Map<String, Object> barrier = Fixture.frame("COMPLETED", task, "seq", 5);
                Agi.reportAcked(agent.socket(), barrier);
                agent.socket().expectNoFrame(Duration.ofMillis(100));
                List<String> acked = agent.socket().history().stream()
                        .filter(f -> "EVENT_ACK".equals(f.path("type").asText())).map(f -> f.get("seq").asText()).toList();
                assertEquals(List.of("1", "5"), acked, "acks for the two COMPLETED only, none for YIELD, LOG or PROGRESS");

                assertEquals(List.of("COMPLETED", "YIELD", "LOG", "PROGRESS"), fx.eventKinds(Fixture.CALLER, task),
                        "late stream reports are stored, the second COMPLETED is not");
                JsonNode state = fx.task(Fixture.CALLER, task);
                assertTrue(state.get("isDone").asBoolean(), "the task stays done");
                assertEquals("COMPLETED", state.get("latestEventKind").asText());
                assertEquals(7, state.get("events").get(1).get("returns").get("return0").asInt(), "the late YIELD's returns");
            }
        }
    }

    @Test
    void theSameFrameSentTwiceIsStoredTwice() {
        try (Fixture fx = new Fixture()) {
            String actionId = Agi.implement(fx, Fixture.AGENT, Fixture.count()).actionId();
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                String task = fx.assign(Fixture.CALLER, actionId, Map.of("n", 1));
                Agi.awaitAssign(agent.socket(), task);
                Map<String, Object> yield = Fixture.frame("YIELD", task, "seq", 1, "returns", Map.of("return0", 1));
                agent.socket().send(yield).send(yield);
                Agi.reportAcked(agent.socket(), Fixture.frame("COMPLETED", task, "seq", 2));
                assertEquals(List.of("YIELD", "YIELD", "COMPLETED"), fx.eventKinds(Fixture.CALLER, task),
                        "no de-duplication by frame id or seq");
            }
        }
    }

    @Test
    void theAckIsSentOnlyOnceTheReportHasBeenProcessed() {
        Duration cost = Duration.ofMillis(150);
        try (Fixture fx = new Fixture(DevServerConfig.builder().reportCost(cost))) {
            String actionId = Agi.implement(fx, Fixture.AGENT, Fixture.count()).actionId();
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                String task = fx.assign(Fixture.CALLER, actionId, Map.of("n", 1));
                Agi.awaitAssign(agent.socket(), task);
                long sent = System.nanoTime();
                Agi.reportAcked(agent.socket(), Fixture.frame("STARTED", task, "seq", 1));
                long ackMs = Duration.ofNanos(System.nanoTime() - sent).toMillis();
                assertTrue(ackMs >= cost.toMillis() - 2, "acked after the report's cost, acked after " + ackMs + " ms");
                assertEquals(List.of("STARTED"), fx.eventKinds(Fixture.CALLER, task), "acked means stored");
            }
        }
    }
}
