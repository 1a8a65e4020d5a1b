package io.quarkiverse.rekuest.devserver.agent;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on {@code /agi} (§2.1, §2.4, §2.5): each kind of malformed frame gets its close code (3002 not JSON,
 * 3003 schema or handling error, PROTOCOL_ERROR first where the reference says so; an oversized frame gets 1009, which
 * the reference does not document), and none of it touches anyone else: after every case a second agent
 * (OTHER_AGENT) with a task in flight still reports and gets its EVENT_ACK, the AGENT's own in-flight task is
 * unchanged, and GraphQL still answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedFrameTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FRAME_BYTES = 16 * 1024;
    /** AGENT always comes back with the same session, so its in-flight task is reclaimed, never failed. */
    private static final String SESSION = "malformed-frames-session";

    /** What the case expects about a PROTOCOL_ERROR frame before the close. */
    enum ProtocolError {
        /** the reference documents it (schema mismatch) */
        REQUIRED,
        /** never sent for frames that are not JSON */
        ABSENT,
        /**
         * 3003 for a handling error (bad token, first frame not REGISTER, second REGISTER, unknown task): the reference
         * does not say; the dev server sends one, v2.2.0 does not
         */
        UNCHECKED
    }

    /** The tasks a case may name. */
    record Ctx(String agentTask, String otherTask) {
    }

    /** A malformed frame: text, or bytes for a binary frame; sent after REGISTER or as the first frame. */
    record Case(String name, boolean afterRegister, Function<Ctx, Object> frame, int code, ProtocolError protocolError) {
        @Override
        public String toString() {
            return name + " → " + code;
        }
    }

    private Fixture fx;
    private Agi.Connection other;
    private Ctx ctx;
    private List<String> agentBaseline;
    private int otherSeq;
    private int otherEventCount;

    @BeforeAll
    void start() {
        fx = new Fixture(Fixture.fast().maxFrameBytes(MAX_FRAME_BYTES).heartbeatInterval(Duration.ofMinutes(5))
                .staleAfter(Duration.ofMinutes(10)).grace(Duration.ofMinutes(10)).reaperInterval(Duration.ofMinutes(10)));
        String agentAction = Agi.implement(fx, Fixture.AGENT, Fixture.add()).actionId();
        String otherAction = Agi.implement(fx, Fixture.OTHER_AGENT, Fixture.count()).actionId();

        String agentTask;
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, SESSION, false)) {
            agentTask = Agi.assign(fx, Fixture.CALLER, agentAction);
            Agi.awaitAssign(agent.socket(), agentTask);
            Agi.reportAcked(agent.socket(), Fixture.frame("STARTED", agentTask, "seq", 1));
            agent.socket().send(Fixture.frame("PROGRESS", agentTask, "seq", 2, "progress", 30, "message", "a third"));
            Agi.reportAcked(agent.socket(), Fixture.frame("PAUSED", agentTask, "seq", 3));
        }
        agentBaseline = fx.eventKinds(Fixture.CALLER, agentTask);
        assertEquals(List.of("STARTED", "PROGRESS", "PAUSED"), agentBaseline);

        other = Agi.register(fx, Fixture.OTHER_AGENT, Agi.session(), false);
        String otherTask = fx.assign(Fixture.CALLER, otherAction, Map.of("n", 100));
        Agi.awaitAssign(other.socket(), otherTask);
        Agi.reportAcked(other.socket(), Fixture.frame("STARTED", otherTask, "seq", ++otherSeq));
        otherEventCount = 1;
        ctx = new Ctx(agentTask, otherTask);
    }

    @AfterAll
    void stop() {
        if (other != null) {
            other.close();
        }
        fx.close();
    }

    // ------------------------------------------------------------------ the cases

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A frame map with id and type (type omitted when null) and the given fields. */
    private static Map<String, Object> frame(String type, Object... fields) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("id", UUID.randomUUID().toString());
        if (type != null) {
            frame.put("type", type);
        }
        for (int i = 0; i < fields.length; i += 2) {
            frame.put((String) fields[i], fields[i + 1]);
        }
        return frame;
    }

    private static Map<String, Object> register(Object... extra) {
        Map<String, Object> register = frame("REGISTER", "token", Fixture.AGENT, "force", true, "session_id", SESSION);
        for (int i = 0; i < extra.length; i += 2) {
            register.put((String) extra[i], extra[i + 1]);
        }
        return register;
    }

    private static Case before(String name, Function<Ctx, Object> frame, int code, ProtocolError pe) {
        return new Case(name, false, frame, code, pe);
    }

    private static Case after(String name, Function<Ctx, Object> frame, int code, ProtocolError pe) {
        return new Case(name, true, frame, code, pe);
    }

    static Stream<Case> cases() {
        ProtocolError required = ProtocolError.REQUIRED, absent = ProtocolError.ABSENT, unchecked = ProtocolError.UNCHECKED;
        return Stream.of(
                // 3002: not JSON at all
                before("not JSON", c -> "hello, server", 3002, absent),
                before("binary frame", c -> json(register()).getBytes(StandardCharsets.UTF_8), 3002, absent),
                before("empty text frame", c -> "", 3002, absent),
                // json.loads in v2.2.0 rejects extra data after the value: not valid JSON, hence 3002 (not 3003)
                before("trailing garbage after the JSON", c -> json(register()) + " }{", 3002, absent),
                before("truncated JSON", c -> json(register()).substring(0, 20), 3002, absent),
                after("not JSON after REGISTER", c -> "{type: STARTED}", 3002, absent),
                // 3003 + PROTOCOL_ERROR: the frame does not fit FromAgentMessage
                before("a JSON array", c -> "[" + json(register()) + "]", 3003, required),
                before("JSON null", c -> "null", 3003, required),
                before("a JSON string", c -> "\"REGISTER\"", 3003, required),
                before("missing type", c -> json(frame(null, "token", Fixture.AGENT)), 3003, required),
                before("type not a string", c -> json(frame(null, "type", 7, "token", Fixture.AGENT)), 3003, required),
                before("unknown type", c -> json(frame("HELLO", "token", Fixture.AGENT)), 3003, required),
                before("a server-to-agent type (ASSIGN)", c -> json(frame("ASSIGN", "task", "1")), 3003, required),
                before("APP_CANCELLED (no message class)", c -> json(frame("APP_CANCELLED")), 3003, required),
                before("id not a string", c -> {
                    Map<String, Object> r = register();
                    r.put("id", 5);
                    return json(r);
                }, 3003, required),
                before("REGISTER with an extra field (mode)", c -> json(register("mode", "EXECUTOR")), 3003, required),
                before("REGISTER without token", c -> {
                    Map<String, Object> r = register();
                    r.remove("token");
                    return json(r);
                }, 3003, required),
                before("REGISTER token not a string", c -> json(register("token", 12345)), 3003, required),
                before("REGISTER force not a boolean", c -> json(register("force", Map.of("on", true))), 3003, required),
                before("REGISTER session_id not a string", c -> json(register("session_id", 42)), 3003, required),
                after("PROGRESS with progress 150", c -> json(frame("PROGRESS", "task", c.agentTask(), "progress", 150)),
                        3003, required),
                after("PROGRESS with progress a string",
                        c -> json(frame("PROGRESS", "task", c.agentTask(), "progress", "half")), 3003, required),
                after("LOG with a bad level",
                        c -> json(frame("LOG", "task", c.agentTask(), "message", "hi", "level", "LOUD")), 3003, required),
                after("LOG without message", c -> json(frame("LOG", "task", c.agentTask())), 3003, required),
                after("YIELD with returns as an array",
                        c -> json(frame("YIELD", "task", c.agentTask(), "returns", List.of(1, 2))), 3003, required),
                after("FAILED without error", c -> json(frame("FAILED", "task", c.agentTask())), 3003, required),
                after("STARTED without task", c -> json(frame("STARTED", "seq", 1)), 3003, required),
                after("COMPLETED with task as a number", c -> json(frame("COMPLETED", "task", 1)), 3003, required),
                after("STARTED with seq as a string",
                        c -> json(frame("STARTED", "task", c.agentTask(), "seq", "five")), 3003, required),
                after("ASSIGN_REQUEST without reference",
                        c -> json(frame("ASSIGN_REQUEST", "implementation", "1", "parent", c.agentTask())), 3003, required),
                after("CANCEL_REQUEST without task", c -> json(frame("CANCEL_REQUEST")), 3003, required),
                // 3003: handling errors
                before("REGISTER with a bad token", c -> json(register("token", "not-a-token")), 3003, unchecked),
                before("REGISTER for an identity without an agent",
                        c -> json(register("token", Fixture.CALLER)), 3003, unchecked),
                before("first frame not REGISTER", c -> json(frame("STARTED", "task", c.agentTask())), 3003, unchecked),
                before("HEARTBEAT_ANSWER before REGISTER", c -> json(frame("HEARTBEAT_ANSWER")), 3003, unchecked),
                after("second REGISTER", c -> json(register()), 3003, unchecked),
                after("COMPLETED for an unknown task", c -> json(frame("COMPLETED", "task", "987654")), 3003, unchecked),
                after("COMPLETED for another agent's task", c -> json(frame("COMPLETED", "task", c.otherTask())), 3003,
                        unchecked),
                // undocumented: the transport refuses the frame
                after("oversized frame", c -> json(frame("LOG", "task", c.agentTask(), "message",
                        "x".repeat(4 * MAX_FRAME_BYTES))), 1009, absent));
    }

    // ------------------------------------------------------------------ the tests

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachMalformedFrameGetsItsCloseCodeAndNobodyElseNotices(Case c) {
        RawSocket socket = c.afterRegister() ? Agi.register(fx, Fixture.AGENT, SESSION, true).socket()
                : RawSocket.connect(fx.server.agiUrl());
        try {
            Object payload = c.frame().apply(ctx);
            try {
                if (payload instanceof byte[] bytes) {
                    socket.sendBinary(bytes);
                } else {
                    socket.send((String) payload);
                }
            } catch (RuntimeException e) {
                // the server may close while a large frame is still being written
            }
            int code = socket.awaitClose(Duration.ofSeconds(5));
            assertEquals(c.code(), code, () -> c.name() + ": close code; frames seen: " + socket.history());

            List<JsonNode> seen = socket.history();
            if (c.afterRegister()) {
                assertEquals("INIT", seen.get(0).get("type").asText());
                seen = seen.subList(1, seen.size());
            }
            List<JsonNode> errors = new ArrayList<>();
            seen.stream().filter(f -> "PROTOCOL_ERROR".equals(f.path("type").asText())).forEach(errors::add);
            switch (c.protocolError()) {
                case REQUIRED -> {
                    assertEquals(1, errors.size(),
                            () -> c.name() + ": one PROTOCOL_ERROR before the close: " + socket.history());
                    assertEquals(seen.get(seen.size() - 1), errors.get(0), "the PROTOCOL_ERROR is the last frame");
                    assertTrue(errors.get(0).get("error").isTextual() && !errors.get(0).get("error").asText().isBlank());
                    assertTrue(errors.get(0).get("id").isTextual());
                }
                case ABSENT -> assertEquals(List.of(), errors, c.name() + ": no PROTOCOL_ERROR");
                case UNCHECKED -> {
                }
            }
            assertEquals(List.of(), seen.stream().filter(f -> !"PROTOCOL_ERROR".equals(f.path("type").asText())).toList(),
                    "nothing else is sent to a misbehaving connection");
        } finally {
            socket.close();
        }
        othersCarryOn(c.name());
    }

    /**
     * The JDK client above fragments a large message into frames under the limit (the message size trips); this one
     * writes a single masked frame over the limit on a plain TCP socket (the frame size trips).
     */
    @Order(1)
    @Test
    void aSingleFrameOverTheLimitIsClosedWith1009() throws Exception {
        try (Socket tcp = new Socket("127.0.0.1", fx.server.port())) {
            tcp.setSoTimeout(5000);
            OutputStream out = tcp.getOutputStream();
            out.write(("GET /agi HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(tcp.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertTrue(b >= 0, "handshake cut short: " + head);
                head.append((char) b);
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());

            byte[] payload = json(register("padding", "x".repeat(2 * MAX_FRAME_BYTES))).getBytes(StandardCharsets.UTF_8);
            byte[] mask = { 7, 1, 8, 2 };
            out.write(0x81); // FIN + text
            out.write(0x80 | 126); // masked, 16-bit length
            out.write((payload.length >> 8) & 0xff);
            out.write(payload.length & 0xff);
            out.write(mask);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            out.write(payload);
            out.flush();

            int opcode = in.read() & 0x0f;
            assertEquals(0x8, opcode, "a close frame, not a bare TCP close");
            int length = in.read() & 0x7f;
            assertTrue(length >= 2, "the close frame carries a code");
            assertEquals(1009, (in.read() << 8) | in.read());
        }
        othersCarryOn("a single oversized frame");
    }

    /** OTHER_AGENT still reports and gets its EVENT_ACK; the AGENT's own in-flight task is as it was; GraphQL works. */
    private void othersCarryOn(String after) {
        RawSocket socket = other.socket();
        socket.send(Fixture.frame("PROGRESS", ctx.otherTask(), "seq", ++otherSeq, "progress", 50, "message",
                "after " + after));
        Map<String, Object> started = Fixture.frame("STARTED", ctx.otherTask(), "seq", ++otherSeq);
        socket.send(started);
        JsonNode ack = socket.next();
        assertEquals("EVENT_ACK", ack.get("type").asText(), () -> "after " + after + ": " + ack);
        assertEquals(started.get("id"), ack.get("event").asText());
        assertEquals(otherSeq, ack.get("seq").asInt());
        assertFalse(socket.isClosed(), "after " + after + ": the other agent stays connected");
        otherEventCount += 2;

        JsonNode otherTask = fx.task(Fixture.CALLER, ctx.otherTask());
        assertFalse(otherTask.get("isDone").asBoolean(), "after " + after + ": the other agent's task is untouched");
        JsonNode events = otherTask.get("events");
        assertEquals(otherEventCount, events.size(), "after " + after);
        assertEquals("PROGRESS", events.get(events.size() - 2).get("kind").asText());
        assertEquals("after " + after, events.get(events.size() - 2).get("message").asText());
        assertEquals("STARTED", events.get(events.size() - 1).get("kind").asText());

        JsonNode agentTask = fx.task(Fixture.CALLER, ctx.agentTask());
        assertFalse(agentTask.get("isDone").asBoolean(), "after " + after);
        assertEquals(agentBaseline, fx.eventKinds(Fixture.CALLER, ctx.agentTask()),
                "after " + after + ": a rejected frame changes nothing");
    }

    @Order(2)
    @Test
    void afterAllOfThemBothAgentsFinishTheirWork() {
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, SESSION, true)) {
            assertEquals(List.of(ctx.agentTask()), agent.inquiries(), "the in-flight task was never failed");
            Agi.reportAcked(agent.socket(), Fixture.frame("RESUMED", ctx.agentTask(), "seq", 4));
            Agi.reportAcked(agent.socket(), Fixture.frame("COMPLETED", ctx.agentTask(), "seq", 5));
        }
        Agi.reportAcked(other.socket(), Fixture.frame("COMPLETED", ctx.otherTask(), "seq", ++otherSeq));
        assertEquals(List.of("STARTED", "PROGRESS", "PAUSED", "RESUMED", "COMPLETED"),
                fx.eventKinds(Fixture.CALLER, ctx.agentTask()));
        assertTrue(fx.task(Fixture.CALLER, ctx.agentTask()).get("isDone").asBoolean());
        assertTrue(fx.task(Fixture.CALLER, ctx.otherTask()).get("isDone").asBoolean());
    }
}
