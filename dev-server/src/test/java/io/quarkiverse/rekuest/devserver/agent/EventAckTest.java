package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EVENT_ACK (§2.3, §2.4): exactly the durable reports are acked, naming the report's frame id, task and seq; stream
 * reports (PROGRESS, LOG, YIELD) are not; a second terminal report is ignored yet still acked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventAckTest {

    private Fixture fx;
    private Agi.Connection agent;
    private String actionId;

    @BeforeAll
    void start() {
        fx = new Fixture();
        actionId = Agi.implement(fx, Fixture.AGENT, Fixture.count()).actionId();
        agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false);
    }

    @AfterAll
    void stop() {
        agent.close();
        fx.close();
    }

    private String delivered() {
        String task = fx.assign(Fixture.CALLER, actionId, Map.of("n", 3));
        Agi.awaitAssign(agent.socket(), task);
        return task;
    }

    private static Map<String, Object> report(String type, String task, long seq) {
        return switch (type) {
            case "FAILED", "CRITICAL" -> Fixture.frame(type, task, "seq", seq, "error", "it broke");
            default -> Fixture.frame(type, task, "seq", seq);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "STARTED", "COMPLETED", "FAILED", "CRITICAL", "CANCELLED", "INTERRUPTED", "PAUSED", "RESUMED" })
    void durableReportsAreAckedWithTheirFrameIdTaskAndSeq(String type) {
        String task = delivered();
        Map<String, Object> report = report(type, task, 41);
        agent.socket().send(report);

        JsonNode ack = agent.socket().next();
        assertEquals("EVENT_ACK", ack.get("type").asText(), "the reply to " + type + ": " + ack);
        assertEquals(report.get("id"), ack.get("event").asText());
        assertEquals(task, ack.get("task").asText());
        assertEquals(41, ack.get("seq").asLong());
        assertTrue(ack.get("id").isTextual(), "the ack has its own id");
        assertEquals(List.of(type), fx.eventKinds(Fixture.CALLER, task), "the acked event is recorded");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "STARTED", "PAUSED", "RESUMED", "INTERRUPTED" })
    void reportsThatTolerateUnknownTasksAreAckedAndKeepTheSocket(String type) {
        JsonNode ack = Agi.reportAcked(agent.socket(), Fixture.frame(type, "999999", "seq", 7));
        assertEquals("999999", ack.get("task").asText());
        String task = delivered();
        Agi.reportAcked(agent.socket(), Fixture.frame("STARTED", task, "seq", 8));
        assertEquals(List.of("STARTED"), fx.eventKinds(Fixture.CALLER, task), "the socket still works");
    }

    @Test
    void anAckWithoutSeqCarriesSeqNull() {
        String task = delivered();
        Map<String, Object> started = Fixture.frame("STARTED", task);
        JsonNode ack = Agi.reportAcked(agent.socket(), started);
        assertTrue(ack.has("seq") && ack.get("seq").isNull(), "seq present and null: " + ack);
    }

    @Test
    void streamReportsAreNotAcked() {
        String task = delivered();
        agent.socket().send(Fixture.frame("PROGRESS", task, "seq", 1, "progress", 10, "message", "warming up"));
        agent.socket().send(Fixture.frame("LOG", task, "seq", 2, "message", "hello", "level", "INFO"));
        agent.socket().send(Fixture.frame("YIELD", task, "seq", 3, "returns", Map.of("return0", 1)));
        agent.socket().send(Fixture.frame("YIELD", task, "seq", 4, "returns", Map.of("return0", 2)));
        // frames are handled in order: the first reply must be the ack of this barrier
        Map<String, Object> barrier = Fixture.frame("PAUSED", task, "seq", 5);
        agent.socket().send(barrier);

        JsonNode reply = agent.socket().next();
        assertEquals("EVENT_ACK", reply.get("type").asText());
        assertEquals(barrier.get("id"), reply.get("event").asText(), "no ack for PROGRESS, LOG or YIELD: " + reply);
        assertEquals(List.of("PROGRESS", "LOG", "YIELD", "YIELD", "PAUSED"), fx.eventKinds(Fixture.CALLER, task));
        agent.socket().expectNoFrame(Duration.ofMillis(100));
    }

    @Test
    void aSecondTerminalReportIsIgnoredButStillAcked() {
        String task = delivered();
        Agi.reportAcked(agent.socket(), Fixture.frame("STARTED", task, "seq", 1));
        Agi.reportAcked(agent.socket(), Fixture.frame("COMPLETED", task, "seq", 2));

        List<Map<String, Object>> late = new ArrayList<>();
        late.add(Fixture.frame("FAILED", task, "seq", 3, "error", "too late"));
        late.add(Fixture.frame("COMPLETED", task, "seq", 4)); // a resend after a reconnect
        late.add(Fixture.frame("CRITICAL", task, "seq", 5, "error", "too late"));
        late.add(Fixture.frame("CANCELLED", task, "seq", 6));
        for (Map<String, Object> report : late) {
            JsonNode ack = Agi.reportAcked(agent.socket(), report);
            assertEquals(report.get("seq"), ack.get("seq").intValue());
        }
        assertEquals(List.of("STARTED", "COMPLETED"), fx.eventKinds(Fixture.CALLER, task), "the first terminal report wins");
        JsonNode state = fx.task(Fixture.CALLER, task);
        assertTrue(state.get("isDone").asBoolean());
        assertEquals("COMPLETED", state.get("latestEventKind").asText());
        assertTrue(!agent.socket().isClosed(), "duplicates are not errors");
        RawSocket socket = agent.socket();
        socket.expectNoFrame(Duration.ofMillis(100));
    }
}
