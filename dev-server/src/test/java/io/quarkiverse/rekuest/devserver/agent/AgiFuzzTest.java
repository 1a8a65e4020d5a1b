package io.quarkiverse.rekuest.devserver.agent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.FuzzRun;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded fuzz run over {@code /agi} (issue 11, part 2): frames that are not JSON, binary frames, a wrong JSON type
 * in every typed field of every agent-to-server message, missing required fields, unknown types, extra fields,
 * unknown and odd task ids, huge payloads and deep nesting, each before and after REGISTER. Every input gets the
 * answer the protocol reference gives it within 2 s: close 3002 (not JSON), 3003 with a PROTOCOL_ERROR naming the
 * frame type and field first (schema), 1009 (too big), 3003 (handling error), or the documented reply (EVENT_ACK,
 * CONTROL_RESPONSE, ASSIGN_RESPONSE) and then the answer to a probe; never 1011 (the last resort), never silence. No
 * failure is logged as unexpected, the thread count stays flat, and a full round trip works afterwards.
 * <p>
 * 300 cases by default; {@code -Drekuest.fuzz.count=10000} for a long run, {@code -Drekuest.fuzz.seed=...} to replay.
 */
class AgiFuzzTest {

    private static final long SEED = FuzzRun.SEED;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final String SESSION = "agi-fuzz-session";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a field may hold, as the protocol reference describes the agent's frames. */
    enum Kind {
        STRING,
        BOOLEAN,
        INT,
        PROGRESS,
        OBJECT,
        LOG_LEVEL,
        ANY
    }

    /** A field of a frame: its kind and whether it is required. */
    record Field(String name, Kind kind, boolean required, Object valid) {
    }

    private static final Map<String, List<Field>> FRAMES = new LinkedHashMap<>();

    static {
        define("REGISTER", f("token", Kind.STRING, true, Fixture.AGENT), f("force", Kind.BOOLEAN, false, true),
                f("session_id", Kind.STRING, false, SESSION));
        define("HEARTBEAT_ANSWER");
        for (String report : List.of("STARTED", "COMPLETED", "CANCELLED", "INTERRUPTED", "PAUSED", "RESUMED")) {
            define(report, task(), seq());
        }
        define("PROGRESS", task(), seq(), f("progress", Kind.PROGRESS, false, 40), f("message", Kind.STRING, false, "m"));
        define("LOG", task(), seq(), f("message", Kind.STRING, true, "a log line"), f("level", Kind.LOG_LEVEL, false, "INFO"));
        define("YIELD", task(), seq(), f("returns", Kind.OBJECT, false, Map.of("return0", 1)));
        define("FAILED", task(), seq(), f("error", Kind.STRING, true, "it broke"));
        define("CRITICAL", task(), seq(), f("error", Kind.STRING, true, "it broke badly"));
        define("ASSIGN_REQUEST", f("reference", Kind.STRING, true, "ref"), f("args", Kind.OBJECT, false, Map.of("a", 1)),
                f("action", Kind.STRING, false, "1"), f("action_hash", Kind.STRING, false, "h"),
                f("implementation", Kind.STRING, false, "1"), f("agent", Kind.STRING, false, "1"),
                f("interface", Kind.STRING, false, "add"), f("parent", Kind.STRING, false, "987654"),
                f("capture", Kind.BOOLEAN, false, false), f("ephemeral", Kind.BOOLEAN, false, false),
                f("hooks", Kind.ANY, false, List.of()), f("dependency", Kind.STRING, false, null),
                f("method", Kind.STRING, false, null), f("resolution", Kind.STRING, false, null),
                f("step", Kind.BOOLEAN, false, null));
        define("CANCEL_REQUEST", task(), f("auto_interrupt", Kind.INT, false, 5));
        define("INTERRUPT_REQUEST", task());
        define("PAUSE_REQUEST", task());
        define("RESUME_REQUEST", task(), f("step", Kind.BOOLEAN, false, false));
        define("LOCK", f("key", Kind.STRING, true, "k"), task());
        define("UNLOCK", f("key", Kind.STRING, true, "k"));
        define("SESSION_INIT", f("session_id", Kind.STRING, true, SESSION), f("states", Kind.OBJECT, false, Map.of()));
        define("STATE_SNAPSHOT", f("session_id", Kind.STRING, true, SESSION), f("global_rev", Kind.INT, false, 1),
                f("snapshots", Kind.OBJECT, false, Map.of()));
        define("STATE_PATCH", f("session_id", Kind.STRING, true, SESSION), f("global_rev", Kind.INT, false, 2),
                f("state_name", Kind.STRING, true, "s"), f("op", Kind.STRING, true, "replace"),
                f("path", Kind.STRING, true, "/a"), f("value", Kind.ANY, false, 1), f("task_id", Kind.STRING, false, "1"));
    }

    private static Field f(String name, Kind kind, boolean required, Object valid) {
        return new Field(name, kind, required, valid);
    }

    private static Field task() {
        return f("task", Kind.STRING, true, "987654");
    }

    private static Field seq() {
        return f("seq", Kind.INT, false, 1);
    }

    private static void define(String type, Field... fields) {
        FRAMES.put(type, List.of(fields));
    }

    /** What the server must answer. */
    record Expect(int closeCode, String protocolErrorNaming, Predicate<JsonNode> reply, String replyWhat, boolean probe) {
        static Expect close(int code) {
            return new Expect(code, null, null, null, false);
        }

        static Expect schema(String naming) {
            return new Expect(AgentSocket.PROTOCOL_VIOLATION, naming, null, null, false);
        }

        /** The reply, and then the probe's answer. */
        static Expect reply(String what, Predicate<JsonNode> reply) {
            return new Expect(0, null, reply, what, true);
        }

        /** Nothing but the probe's answer. */
        static Expect nothing() {
            return new Expect(0, null, null, null, true);
        }

        /** A valid REGISTER: its INIT is the answer (no probe: a second REGISTER would be refused). */
        static Expect registered() {
            return new Expect(0, null, f -> "INIT".equals(f.path("type").asText()), "INIT", false);
        }
    }

    /** One case: the frame (text, or bytes for a binary frame) and what it must get. */
    record Case(String what, Object frame, Expect expect) {
    }

    private final List<LogRecord> unexpected = Collections.synchronizedList(new ArrayList<>());

    @Test
    void everyMalformedFrameIsAnsweredAndTheServerKeepsServing() throws Exception {
        Handler watcher = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String logger = String.valueOf(record.getLoggerName());
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()
                        && (logger.startsWith("io.vertx") || logger.startsWith("io.netty")
                                || logger.startsWith("io.quarkiverse.rekuest.devserver"))) {
                    unexpected.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(watcher);
        watcherSeesWhatEscapesToTheEventLoop();
        try (Fixture fx = new Fixture(Fixture.fast().maxFrameBytes(MAX_FRAME_BYTES).heartbeatInterval(Duration.ofMinutes(5))
                .staleAfter(Duration.ofMinutes(10)).grace(Duration.ofMinutes(10)).reaperInterval(Duration.ofMinutes(10)))) {
            String actionId = Agi.implement(fx, Fixture.AGENT, Fixture.add()).actionId();
            // a task the agent itself called: its CANCEL_REQUEST is accepted and auto_interrupt takes effect
            String ownCall;
            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, SESSION, true)) {
                ownCall = Agi.assign(fx, Fixture.AGENT, actionId);
                Agi.awaitAssign(agent.socket(), ownCall);
            }
            roundTrip(fx, actionId);

            FuzzRun.run("agi fuzz", (random, i) -> {
                boolean afterRegister = random.nextBoolean();
                Case c = generate(random, afterRegister, ownCall, actionId);
                String what = "case " + i + " (" + (afterRegister ? "after" : "before") + " REGISTER, " + c.what()
                        + ", frame " + abbreviate(c.frame()) + ", seed " + SEED + ")";
                return run(fx, afterRegister, c, what);
            });
            roundTrip(fx, actionId);
            assertEquals(List.of(), unexpected.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()
                    + (r.getThrown() == null ? "" : " " + r.getThrown())).toList(), "failures logged as unexpected");
        } finally {
            root.removeHandler(watcher);
        }
    }

    /** Self-check: an exception thrown on a Vert.x event loop reaches the watcher (Vert.x logs through JUL here). */
    private void watcherSeesWhatEscapesToTheEventLoop() throws Exception {
        io.vertx.core.Vertx scratch = io.vertx.core.Vertx.vertx();
        try {
            scratch.runOnContext(v -> {
                throw new IllegalStateException("watcher self-check");
            });
            for (int i = 0; i < 100 && unexpected.isEmpty(); i++) {
                Thread.sleep(20);
            }
            assertTrue(!unexpected.isEmpty(), "the log watcher does not see exceptions escaping to the event loop");
            unexpected.clear();
        } finally {
            scratch.close().toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ one case

    /** Sends the case's frame, then a probe; checks the answer against the expectation. Returns the outcome seen. */
    private static String run(Fixture fx, boolean afterRegister, Case c, String what) {
        RawSocket socket = afterRegister ? Agi.register(fx, Fixture.AGENT, SESSION, true).socket()
                : RawSocket.connect(fx.server.agiUrl());
        try {
            int skip = afterRegister ? 1 : 0; // the INIT
            String probeId = UUID.randomUUID().toString();
            long deadline = System.nanoTime() + ANSWER_WITHIN.toNanos();
            try {
                if (c.frame() instanceof byte[] bytes) {
                    socket.sendBinary(bytes);
                } else {
                    socket.send((String) c.frame());
                }
                if (c.expect().probe()) {
                    socket.send(afterRegister ? probe(probeId) : register(probeId));
                }
            } catch (RuntimeException e) {
                // the server closed while a frame was still being written: its close code is the answer
            }
            Predicate<JsonNode> probeAnswer = !c.expect().probe() ? c.expect().reply()
                    : afterRegister
                            ? f -> "CONTROL_RESPONSE".equals(f.path("type").asText())
                                    && probeId.equals(f.path("request").asText())
                            : f -> "INIT".equals(f.path("type").asText());
            while (System.nanoTime() < deadline) {
                if (socket.isClosed()) {
                    int code = socket.awaitClose(Duration.ofMillis(1));
                    List<JsonNode> seen = socket.history().subList(skip, socket.history().size());
                    assertEquals(c.expect().closeCode(), code, () -> what + ": close code; frames seen: " + seen);
                    if (c.expect().protocolErrorNaming() != null) {
                        assertTrue(!seen.isEmpty() && "PROTOCOL_ERROR".equals(seen.get(seen.size() - 1).path("type").asText()),
                                () -> what + ": a PROTOCOL_ERROR before the close; frames seen: " + seen);
                        String error = seen.get(seen.size() - 1).path("error").asText();
                        assertTrue(error.contains(c.expect().protocolErrorNaming()),
                                () -> what + ": the PROTOCOL_ERROR names " + c.expect().protocolErrorNaming() + ": " + error);
                    }
                    return "close " + code;
                }
                if (c.expect().closeCode() == 0 && socket.history().stream().anyMatch(probeAnswer)) {
                    List<JsonNode> seen = socket.history().subList(skip, socket.history().size());
                    if (c.expect().reply() != null) {
                        assertTrue(seen.stream().anyMatch(c.expect().reply()),
                                () -> what + ": expected " + c.expect().replyWhat() + "; frames seen: " + seen);
                        return c.expect().replyWhat();
                    }
                    return "probe answered";
                }
                sleep(5);
            }
            fail(what + ": expected " + (c.expect().closeCode() != 0 ? "close " + c.expect().closeCode()
                    : "an answer to the probe") + " within " + ANSWER_WITHIN + "; got neither; frames seen: "
                    + socket.history());
            return null;
        } finally {
            socket.close();
        }
    }

    private static String probe(String id) {
        return json(mapOf("id", id, "type", "CANCEL_REQUEST", "task", "probe-no-such-task"));
    }

    private static String register(String id) {
        return json(mapOf("id", id, "type", "REGISTER", "token", Fixture.AGENT, "force", true, "session_id", SESSION));
    }

    // ------------------------------------------------------------------ generators

    private static Case generate(Random random, boolean afterRegister, String ownCall, String actionId) {
        List<String> types = new ArrayList<>(FRAMES.keySet());
        String type = types.get(random.nextInt(types.size()));
        Map<String, Object> frame = valid(type);
        switch (random.nextInt(10)) {
            case 0 -> {
                return notJson(random);
            }
            case 1, 2 -> {
                List<Field> typed = FRAMES.get(type).stream().filter(f -> f.kind() != Kind.ANY).toList();
                if (typed.isEmpty() || random.nextInt(6) == 0) {
                    Object wrong = pick(random, 5, true, List.of("x"), Map.of("a", 1), 3.5, null);
                    frame.put("id", wrong);
                    return new Case("id " + kindOf(wrong), json(frame), Expect.schema(type + ".id"));
                }
                Field field = typed.get(random.nextInt(typed.size()));
                Object wrong = wrongValue(random, field);
                frame.put(field.name(), wrong);
                return new Case(type + "." + field.name() + " " + kindOf(wrong), json(frame),
                        Expect.schema(type + "." + field.name()));
            }
            case 3 -> {
                List<Field> required = FRAMES.get(type).stream().filter(Field::required).toList();
                if (required.isEmpty() || random.nextInt(5) == 0) {
                    frame.remove("type");
                    if (random.nextBoolean()) {
                        frame.put("type", pick(random, 7, null, List.of(type), Map.of("type", type), false));
                    }
                    return new Case("type missing or not a string", json(frame), Expect.schema("'type'"));
                }
                Field field = required.get(random.nextInt(required.size()));
                frame.remove(field.name());
                return new Case(type + " without " + field.name(), json(frame), Expect.schema(type + "." + field.name()));
            }
            case 4 -> {
                String unknown = pick(random, "HELLO", "ASSIGN", "INIT", "EVENT_ACK", "HEARTBEAT", "CANCEL", "register",
                        "", " REGISTER", "APP_CANCELLED", "PROTOCOL_ERROR", "x".repeat(1 + random.nextInt(5000)));
                frame.put("type", unknown);
                return new Case("unknown type", json(frame), Expect.schema("Unknown frame type"));
            }
            case 5 -> {
                Map<String, Object> register = valid("REGISTER");
                register.put(pick(random, "mode", "extra", "token2", "TOKEN"), pick(random, 1, "x", List.of()));
                return new Case("REGISTER with an extra field", json(register), Expect.schema("REGISTER."));
            }
            case 6 -> {
                Field field = FRAMES.get(type).stream().filter(f -> f.kind() == Kind.STRING).findFirst().orElse(null);
                String padding = "x".repeat(MAX_FRAME_BYTES + random.nextInt(4 * MAX_FRAME_BYTES));
                frame.put(field == null ? "padding" : field.name(), padding);
                return new Case("huge frame", json(frame), Expect.close(AgentSocket.MESSAGE_TOO_BIG));
            }
            case 7 -> {
                // deep nesting: within Jackson's read limit (1000) the frame is handled, beyond it the frame is not JSON
                int depth = random.nextBoolean() ? 1 + random.nextInt(900) : 1100 + random.nextInt(20_000);
                String nested = "[".repeat(depth) + "]".repeat(depth);
                String text = json(frame);
                String key = "YIELD".equals(type) ? "returns" : "ASSIGN_REQUEST".equals(type) ? "args" : "extra";
                frame.remove(key);
                text = json(frame);
                String value = "extra".equals(key) ? nested : "{\"n\":" + nested + "}";
                text = text.substring(0, text.length() - 1) + ",\"" + key + "\":" + value + "}";
                if (depth > 1000) {
                    return new Case("nested " + depth + " deep", text, Expect.close(AgentSocket.INVALID_JSON));
                }
                if ("REGISTER".equals(type)) {
                    return new Case("nested " + depth + " deep", text, Expect.schema("REGISTER.extra"));
                }
                return new Case("nested " + depth + " deep", text, validExpectation(type, frame, afterRegister, ownCall));
            }
            default -> {
                // schema-valid frames naming unknown, odd or foreign tasks, and odd but valid values
                if (frame.containsKey("task")) {
                    frame.put("task", pick(random, "987654", "-1", "0", "abc", "", "1e5", "9".repeat(40),
                            "x".repeat(random.nextInt(2000)), ownCall));
                }
                if ("CANCEL_REQUEST".equals(type)) {
                    frame.put("task", ownCall);
                    frame.put("auto_interrupt", pick(random, 0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, 3_000_000_000L,
                            null));
                }
                if ("ASSIGN_REQUEST".equals(type)) {
                    frame.put("action", pick(random, actionId, "987654", "abc"));
                    frame.put("parent", pick(random, ownCall, "987654", null));
                    frame.put("hooks", pick(random, "x", 5, List.of(Map.of("kind", "INIT", "hash", 5)), List.of(7),
                            Map.of()));
                    frame.put("args", pick(random, Map.of(), Map.of("a", "x"), Map.of("a", Map.of("b", List.of()))));
                }
                if (frame.containsKey("seq")) {
                    frame.put("seq", pick(random, 0, -1, Long.MAX_VALUE, 1));
                }
                if ("PROGRESS".equals(type)) {
                    frame.put("progress", pick(random, 0, 100, null));
                }
                if (random.nextInt(4) == 0 && !"REGISTER".equals(type)) {
                    frame.put("unknown_field", pick(random, 1, "x", List.of(), Map.of()));
                }
                return new Case("valid " + type + " (task " + abbreviate(String.valueOf(frame.get("task"))) + ")",
                        json(frame), validExpectation(type, frame, afterRegister, ownCall));
            }
        }
    }

    /** The documented answer to a frame that fits the schema (its tasks unknown to the agent, or its own call). */
    private static Expect validExpectation(String type, Map<String, Object> frame, boolean afterRegister,
            String ownCall) {
        String id = (String) frame.get("id");
        if (!afterRegister) {
            return "REGISTER".equals(type) ? Expect.registered() : Expect.close(AgentSocket.PROTOCOL_VIOLATION);
        }
        if (ownCall.equals(frame.get("task"))) {
            // the agent's own task: every report is taken
            switch (type) {
                case "COMPLETED", "CANCELLED", "FAILED", "CRITICAL" -> {
                    return Expect.reply("EVENT_ACK",
                            f -> "EVENT_ACK".equals(f.path("type").asText()) && id.equals(f.path("event").asText()));
                }
                case "PROGRESS", "LOG", "YIELD" -> {
                    return Expect.nothing();
                }
                default -> {
                }
            }
        }
        return switch (type) {
            case "REGISTER", "COMPLETED", "CANCELLED", "FAILED", "CRITICAL", "PROGRESS", "LOG", "YIELD" ->
                // a second REGISTER; a report for a task that is not the agent's
                Expect.close(AgentSocket.PROTOCOL_VIOLATION);
            case "STARTED", "PAUSED", "RESUMED", "INTERRUPTED" -> Expect.reply("EVENT_ACK",
                    f -> "EVENT_ACK".equals(f.path("type").asText()) && id.equals(f.path("event").asText()));
            case "CANCEL_REQUEST", "INTERRUPT_REQUEST", "PAUSE_REQUEST", "RESUME_REQUEST" -> Expect.reply(
                    "CONTROL_RESPONSE", f -> "CONTROL_RESPONSE".equals(f.path("type").asText())
                            && id.equals(f.path("request").asText()) && f.path("accepted").isBoolean()
                            && (f.path("accepted").asBoolean() || f.path("error").isTextual()));
            case "ASSIGN_REQUEST" -> Expect.reply("ASSIGN_RESPONSE",
                    f -> "ASSIGN_RESPONSE".equals(f.path("type").asText()) && id.equals(f.path("request").asText())
                            && (f.path("task").isTextual() || f.path("error").isTextual()));
            default -> Expect.nothing();
        };
    }

    private static Map<String, Object> valid(String type) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", type);
        for (Field field : FRAMES.get(type)) {
            frame.put(field.name(), field.valid());
        }
        return frame;
    }

    private static Object wrongValue(Random random, Field field) {
        List<Object> wrong = switch (field.kind()) {
            case STRING -> new ArrayList<>(List.of(5, 3.5, true, List.of(), Map.of(), List.of("x")));
            case BOOLEAN -> List.of("true", 1, 0, List.of(), Map.of(), "yes");
            case INT -> List.of("5", 3.5, true, List.of(), Map.of(), 1e300);
            case PROGRESS -> List.of(150, -1, 101, "half", 3.5, List.of(), true, Long.MAX_VALUE);
            case OBJECT -> List.of(List.of(1, 2), "x", 5, true, List.of());
            case LOG_LEVEL -> List.of("LOUD", "info", 5, List.of(), Map.of(), "");
            case ANY -> List.of();
        };
        if (field.kind() == Kind.STRING && field.required()) {
            List<Object> withNull = new ArrayList<>(wrong);
            withNull.add(null); // a required string may not be null
            wrong = withNull;
        }
        return wrong.get(random.nextInt(wrong.size()));
    }

    private static Case notJson(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> new Case("binary frame", pick(random, new byte[0], new byte[] { 1, 2, 3 },
                    json(valid("REGISTER")).getBytes(StandardCharsets.UTF_8)), Expect.close(AgentSocket.INVALID_JSON));
            case 1 -> new Case("empty text", "", Expect.close(AgentSocket.INVALID_JSON));
            case 2 -> new Case("truncated JSON", json(valid("REGISTER")).substring(0, 1 + random.nextInt(30)),
                    Expect.close(AgentSocket.INVALID_JSON));
            case 3 -> new Case("trailing garbage", json(valid("HEARTBEAT_ANSWER")) + pick(random, " x", "}", "{}", " 1"),
                    Expect.close(AgentSocket.INVALID_JSON));
            case 4 -> {
                byte[] bytes = new byte[1 + random.nextInt(300)];
                random.nextBytes(bytes);
                bytes[0] = 'z';
                yield new Case("random text", new String(bytes, StandardCharsets.ISO_8859_1),
                        Expect.close(AgentSocket.INVALID_JSON));
            }
            case 5 -> new Case("unbalanced nesting", "{\"a\":".repeat(1 + random.nextInt(5000)),
                    Expect.close(AgentSocket.INVALID_JSON));
            case 6 -> new Case("NaN and comments", pick(random, "{\"type\":\"LOG\",\"seq\":NaN}", "// hi\n{}",
                    "{'type':'REGISTER'}", "{\"type\":\"REGISTER\",}"), Expect.close(AgentSocket.INVALID_JSON));
            case 7 -> new Case("not an object", pick(random, "null", "[]", "42", "\"REGISTER\"", "true", "[{}]"),
                    Expect.schema("A frame must be a JSON object"));
            default -> new Case("lone surrogate", "{\"type\":\"REGISTER\",\"token\":\"\\ud800\"}",
                    Expect.close(AgentSocket.PROTOCOL_VIOLATION));
        };
    }

    // ------------------------------------------------------------------ helpers

    /** Registers, gets a GraphQL-assigned task, reports STARTED and COMPLETED (both acknowledged): the task is done. */
    private static void roundTrip(Fixture fx, String actionId) {
        try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, "round-trip-" + UUID.randomUUID(), true)) {
            String task = Agi.assign(fx, Fixture.CALLER, actionId);
            Agi.awaitAssign(agent.socket(), task);
            Agi.reportAcked(agent.socket(), Fixture.frame("STARTED", task, "seq", 1));
            Agi.reportAcked(agent.socket(), Fixture.frame("COMPLETED", task, "seq", 2));
            assertTrue(fx.task(Fixture.CALLER, task).get("isDone").asBoolean(), "the round trip's task is done");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> mapOf(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kindOf(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + abbreviate(String.valueOf(value));
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String abbreviate(Object frame) {
        String text = frame instanceof byte[] b ? "<binary " + b.length + " bytes>" : String.valueOf(frame);
        return text.length() > 100 ? text.substring(0, 100) + "... (" + text.length() + " chars)" : text;
    }
}
