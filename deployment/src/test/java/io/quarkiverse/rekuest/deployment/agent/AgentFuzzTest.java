package io.quarkiverse.rekuest.deployment.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.test.wire.FuzzRun;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded fuzz run over what a server sends the agent (issue 11, part 2): {@link RawAgi} sends malformed ASSIGNs
 * (wrong types, missing task, interface or args, args not an object, unknown interface, huge and deep args),
 * CANCEL / INTERRUPT / PAUSE / RESUME for unknown or malformed tasks, EVENT_ACKs for unknown or missing events, unknown
 * frame types, text that is not JSON and huge frames. A bad ASSIGN with a task id is answered FAILED or CRITICAL naming
 * the field within 2 s; one without a usable task id is ignored (no report names it); after every case a valid ASSIGN
 * still completes: the agent never crashes, stalls or reconnects.
 * <p>
 * 300 cases by default; {@code -Drekuest.fuzz.count=10000} for a long run, {@code -Drekuest.fuzz.seed=...} to replay.
 */
public class AgentFuzzTest {

    static final String URL = TestServer.url("fuzz");
    static final String AGI = RawAgi.url("fuzz");
    private static final long SEED = FuzzRun.SEED;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CRITICAL", "CANCELLED", "INTERRUPTED");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(FuzzNodes.class, RawAgi.class, RawAgi.View.class,
                    TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.agi-url", AGI)
            .overrideConfigKey("quarkus.rekuest.token", "dev:fuzz")
            .overrideConfigKey("quarkus.rekuest.agent.name", "fuzz")
            .overrideConfigKey("quarkus.http.test-port", "0");

    RawAgi.View server = RawAgi.view("fuzz");

    /** What the agent must answer to a case. */
    record Expect(String task, String naming) {
        /** No report may name this task (or any task outside the test's own). */
        static Expect ignored() {
            return new Expect(null, null);
        }
    }

    record Case(String what, Object frame, Expect expect) {
    }

    @Test
    void everyMalformedFrameIsAnsweredOrIgnoredAndTheAgentKeepsServing() throws Exception {
        // the first ASSIGN may wait for the agent's registration
        awaitRegistered();
        probe("p-warm-up", Duration.ofSeconds(10));
        int registers = server.registers.get();
        FuzzRun.run("agent fuzz", (random, i) -> {
            Case c = generate(random, "f-" + i);
            String what = "case " + i + " (" + c.what() + ", frame " + abbreviate(c.frame()) + ", seed " + SEED + ")";
            server.frames.clear();
            if (c.frame() instanceof String text) {
                server.sendText(text);
            } else {
                server.send(castMap(c.frame()));
            }
            List<JsonNode> seen = new ArrayList<>();
            String outcome = "ignored";
            if (c.expect().task() != null) {
                JsonNode report = nextTerminal(c.expect().task(), ANSWER_WITHIN, seen, what);
                String error = report.path("error").asText();
                if (c.expect().naming() != null) {
                    assertTrue(Set.of("FAILED", "CRITICAL").contains(report.path("type").asText()),
                            () -> what + ": FAILED or CRITICAL expected, got " + report);
                    assertTrue(error.contains(c.expect().naming()),
                            () -> what + ": the error names " + c.expect().naming() + ": " + report);
                }
                if (c.frame() instanceof Map<?, ?> m && Set.of("CANCEL", "INTERRUPT").contains(m.get("type"))) {
                    String confirmation = "CANCEL".equals(m.get("type")) ? "CANCELLED" : "INTERRUPTED";
                    assertEquals(confirmation, report.path("type").asText(), () -> what + ": " + report);
                }
                outcome = report.path("type").asText();
            }
            String probe = "p-" + i;
            seen.addAll(probe(probe, ANSWER_WITHIN.multipliedBy(2)));
            for (JsonNode frame : seen) {
                String task = frame.path("task").asText(null);
                assertTrue(task == null || task.startsWith("f-") || task.startsWith("p-"),
                        () -> what + ": a report names a task nobody assigned: " + frame);
                assertTrue(task == null || c.expect().task() != null && task.equals(c.expect().task())
                        || task.startsWith("p-"), () -> what + ": an ignored frame was answered: " + frame);
            }
            return outcome;
        });
        assertEquals(registers, server.registers.get(), "the agent never reconnected");
    }

    /**
     * Regression: Vert.x' client defaults (64 KiB frames, 256 KiB messages) closed the socket with 1011 on an ASSIGN
     * with larger args, and the server's redelivery after the reconnect closed it again, for ever. The test server
     * splits messages into 64 KiB frames; a real server may send one frame, which {@code maxFrameSize} covers.
     */
    @Test
    void anAssignOfSeveralMegabytesRunsWithoutAReconnect() {
        awaitRegistered();
        probe("p-big-warm-up", Duration.ofSeconds(10));
        int registers = server.registers.get();
        String text = "y".repeat(3 * 1024 * 1024);
        Map<String, Object> assign = assign("t-big", "echo", Map.of("text", text));
        server.frames.clear();
        server.send(assign);
        List<JsonNode> seen = new ArrayList<>();
        JsonNode done = nextTerminal("t-big", Duration.ofSeconds(10), seen, "a 3 MiB ASSIGN");
        assertEquals("COMPLETED", done.path("type").asText(), done::toString);
        JsonNode yield = seen.stream().filter(f -> "YIELD".equals(f.path("type").asText())).findFirst().orElseThrow();
        assertEquals(text.length(), yield.path("returns").path("return0").asText().length());
        assertEquals(registers, server.registers.get(), "no reconnect");
    }

    /**
     * Regression: a task id that is not a string was read with {@code asText()}, so {@code "task": 5} ran the node as
     * task "5" and {@code "task": {}} as task "", and reported on tasks nobody had assigned. Such an ASSIGN has no
     * task to report on: it is ignored with a WARN. An interface that is not a string is CRITICAL naming the field.
     */
    @Test
    void anAssignWhoseTaskIsNotAStringIsIgnoredAndABadInterfaceIsCriticalNamingTheField() {
        awaitRegistered();
        probe("p-regression-warm-up", Duration.ofSeconds(10));
        server.frames.clear();
        int adds = FuzzNodes.ADDS.get();
        for (Object bad : List.of(5, 3.5, Map.of("id", "t"), List.of("t"), true, "")) {
            Map<String, Object> assign = assign("unused", "add", Map.of("a", 1, "b", 2));
            assign.put("task", bad);
            server.send(assign);
        }
        Map<String, Object> assign = assign("t-bad-interface", "add", Map.of("a", 1, "b", 2));
        assign.put("interface", Map.of("name", "add"));
        server.send(assign);
        List<JsonNode> seen = new ArrayList<>();
        JsonNode critical = nextTerminal("t-bad-interface", ANSWER_WITHIN, seen, "an object as the interface");
        assertEquals("CRITICAL", critical.path("type").asText(), critical::toString);
        assertTrue(critical.path("error").asText().startsWith("ASSIGN.interface must be a string"), critical::toString);
        seen.addAll(probe("p-regression", ANSWER_WITHIN));
        assertEquals(List.of(), seen.stream().filter(f -> !f.path("task").asText().startsWith("p-")).toList(),
                "nothing reports on the ASSIGNs without a usable task id");
        assertEquals(adds + 1, FuzzNodes.ADDS.get(), "only the probe ran");
    }

    /** The agent has sent its first REGISTER (the first ASSIGN must not come before it). */
    private void awaitRegistered() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.registers.get() == 0) {
            assertTrue(System.nanoTime() < deadline, "the agent did not register within 30 s");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A valid ASSIGN completes with the right result; returns the frames seen meanwhile. */
    private List<JsonNode> probe(String task, Duration within) {
        List<JsonNode> seen = new ArrayList<>();
        server.assign(task, "add", Map.of("a", 20, "b", 22));
        JsonNode done = nextTerminal(task, within, seen, "probe " + task);
        assertEquals("COMPLETED", done.path("type").asText(), () -> "the probe completes: " + done + "; seen " + seen);
        return seen;
    }

    /** The next terminal report of {@code task}; every other frame (heartbeat answers aside) lands in {@code seen}. */
    private JsonNode nextTerminal(String task, Duration within, List<JsonNode> seen, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String text = left <= 0 ? null : server.frames.poll(left, TimeUnit.NANOSECONDS);
                if (text == null) {
                    throw new AssertionError(what + ": no terminal report of " + task + " within " + within + "; seen "
                            + seen);
                }
                JsonNode frame = GraphQLCaller.MAPPER.readTree(text);
                String type = frame.path("type").asText();
                if (TERMINAL.contains(type) && task.equals(frame.path("task").asText())) {
                    return frame;
                }
                if (!"HEARTBEAT_ANSWER".equals(type)) {
                    seen.add(frame);
                }
            }
        } catch (InterruptedException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ generators

    private static Case generate(Random random, String task) {
        return switch (random.nextInt(12)) {
            case 0, 1 -> {
                Map<String, Object> assign = assign(task, "add", Map.of("a", 1, "b", 2));
                boolean remove = random.nextBoolean();
                if (remove) {
                    assign.remove("interface");
                } else {
                    assign.put("interface", pick(random, null, 5, Map.of("x", 1), List.of("add"), "no-such-node", "",
                            "ADD", "x".repeat(5000)));
                }
                yield new Case("ASSIGN interface " + (remove ? "missing" : abbreviate(assign.get("interface"))), assign,
                        new Expect(task, "interface"));
            }
            case 2, 3 -> {
                Map<String, Object> assign = assign(task, "add", Map.of());
                boolean remove = random.nextBoolean();
                if (remove) {
                    assign.remove("args");
                } else {
                    assign.put("args", pick(random, null, 5, "a", List.of(1, 2), true, List.of()));
                }
                // missing or null args are no args: the first required port is named
                yield new Case("ASSIGN args " + (remove ? "missing" : abbreviate(assign.get("args"))), assign,
                        new Expect(task, assign.get("args") == null ? "'a'" : "args"));
            }
            case 4 -> {
                String port = pick(random, "a", "b");
                Map<String, Object> args = new LinkedHashMap<>(Map.of("a", 1, "b", 2));
                boolean remove = random.nextInt(4) == 0;
                if (remove) {
                    args.remove(port);
                } else {
                    args.put(port, pick(random, "x", Map.of(), List.of(), 3.5, true, null, 1e300, "1".repeat(50)));
                }
                yield new Case("ASSIGN arg " + port + (remove ? " missing" : " " + abbreviate(args.get(port))),
                        assign(task, "add", args), new Expect(task, port));
            }
            case 5 -> {
                Map<String, Object> args = new LinkedHashMap<>(Map.of("a", 1, "b", 2));
                int kind = random.nextInt(3);
                if (kind == 0) {
                    args.put("extra", "x".repeat(100_000 + random.nextInt(1_000_000)));
                } else if (kind == 1) {
                    for (int i = 0; i < 10_000; i++) {
                        args.put("k" + i, i);
                    }
                } else {
                    Object nested = 1;
                    for (int i = 0; i < 500; i++) {
                        nested = List.of(nested);
                    }
                    args.put("extra", nested);
                }
                // extra args are not the node's: it runs (or the agent refuses them naming the field)
                yield new Case("ASSIGN huge or deep args", assign(task, "add", args), new Expect(task, null));
            }
            case 6 -> {
                Map<String, Object> assign = assign(task, "add", Map.of("a", 1, "b", 2));
                String field = pick(random, "root", "parent", "reference", "user", "org", "token", "id", "action",
                        "capture", "log");
                assign.put(field, pick(random, 5, Map.of("x", 1), List.of(), true, "x".repeat(3000)));
                yield new Case("ASSIGN " + field + " " + abbreviate(assign.get(field)), assign, new Expect(task, null));
            }
            case 7 -> {
                Map<String, Object> assign = assign(task, "add", Map.of("a", 1, "b", 2));
                if (random.nextBoolean()) {
                    assign.remove("task");
                } else {
                    assign.put("task", pick(random, null, 5, Map.of("x", 1), List.of("f"), true, 3.5));
                }
                yield new Case("ASSIGN task " + abbreviate(assign.get("task")), assign, Expect.ignored());
            }
            case 8 -> {
                String type = pick(random, "CANCEL", "INTERRUPT", "PAUSE", "RESUME");
                Map<String, Object> frame = frame(type);
                Object target = pick(random, task, task, null, 5, Map.of(), List.of("x"), "", true);
                boolean absent = target == null && random.nextBoolean();
                if (!absent) {
                    frame.put("task", target);
                }
                if ("RESUME".equals(type)) {
                    frame.put("step", pick(random, "yes", 5, null, true));
                }
                // a CANCEL / INTERRUPT of a task the agent never had is confirmed (CANCELLED / INTERRUPTED), so the
                // caller is not left waiting; PAUSE / RESUME of it, and any control without a usable task id, are ignored
                boolean confirmed = task.equals(target) && Set.of("CANCEL", "INTERRUPT").contains(type);
                yield new Case(type + " of " + (absent ? "no task" : abbreviate(target)), frame,
                        confirmed ? new Expect(task, null) : Expect.ignored());
            }
            case 9 -> {
                Map<String, Object> frame = frame("EVENT_ACK");
                if (random.nextBoolean()) {
                    frame.put("event", pick(random, "no-such-event", null, 5, Map.of(), List.of(), ""));
                }
                frame.put("seq", pick(random, "x", -1, null));
                yield new Case("EVENT_ACK " + abbreviate(frame.get("event")), frame, Expect.ignored());
            }
            case 10 -> {
                Map<String, Object> frame = frame(pick(random, "HELLO", "REGISTER", "COMPLETED", "ASSIGN_RESPONSE",
                        "CONTROL_RESPONSE", "SOMETHING_EVENT", "", "assign"));
                if (random.nextBoolean()) {
                    frame.put("type", pick(random, 5, null, List.of("ASSIGN"), Map.of("t", 1)));
                }
                frame.put("task", "f-unknown");
                yield new Case("unknown frame type " + abbreviate(frame.get("type")), frame, Expect.ignored());
            }
            default -> {
                String text = switch (random.nextInt(6)) {
                    case 0 -> "not json";
                    case 1 -> "";
                    case 2 -> pick(random, "[]", "null", "42", "\"ASSIGN\"", "[{\"type\":\"ASSIGN\"}]");
                    case 3 -> "{\"type\":\"ASSIGN\",\"task\":\"f-x\"";
                    case 4 -> "[".repeat(1000 + random.nextInt(10_000));
                    default -> "{\"type\":\"HELLO\",\"pad\":\"" + "x".repeat(1_000_000 + random.nextInt(2_000_000)) + "\"}";
                };
                yield new Case("not a frame", text, Expect.ignored());
            }
        };
    }

    private static Map<String, Object> frame(String type) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", type);
        return frame;
    }

    private static Map<String, Object> assign(String task, String iface, Map<String, Object> args) {
        return RawAgi.assignFrame(task, iface, args);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object frame) {
        return (Map<String, Object>) frame;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 100 ? text.substring(0, 100) + "... (" + text.length() + " chars)" : text;
    }
}
