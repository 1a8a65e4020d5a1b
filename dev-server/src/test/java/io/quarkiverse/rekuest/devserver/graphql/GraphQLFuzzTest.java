package io.quarkiverse.rekuest.devserver.graphql;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.FuzzRun;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded fuzz run over the GraphQL side of the server (issue 11, part 2): malformed HTTP bodies, wrong JSON types
 * in every field of a request, huge and deeply nested queries and JSON, bad headers, and malformed
 * {@code graphql-transport-ws} and legacy {@code graphql-ws} frames before and after {@code connection_init}. Every
 * input must be answered within 2 s (an HTTP error body, a protocol message, or a close code, never 1011 or 500,
 * which would mean that a handler met a case it did not expect); the thread count stays flat; a full round trip works
 * afterwards.
 * <p>
 * 300 cases by default; {@code -Drekuest.fuzz.count=10000} for a long run, {@code -Drekuest.fuzz.seed=...} to replay.
 */
class GraphQLFuzzTest {

    private static final long SEED = FuzzRun.SEED;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWER_WITHIN).build();
    private static final String VALID = "query Q { __typename }";

    @Test
    void everyMalformedInputIsAnsweredAndTheServerKeepsServing() throws Exception {
        try (Fixture fx = new Fixture()) {
            roundTrip(fx); // warms up the engine and the clients' own threads before the baseline
            http(fx, "{\"query\": \"" + VALID + "\"}", true, "warm-up");
            socket(fx, true, true, Map.of("type", "ping"), "warm-up");
            FuzzRun.run("graphql fuzz", (random, i) -> {
                if (random.nextInt(10) < 6) {
                    httpCase(fx, random, i);
                    return "http";
                }
                socketCase(fx, random, i);
                return "websocket";
            });
            roundTrip(fx);
        }
    }

    /** Registers an agent, connects it, assigns, and reads the task back: the whole server still works. */
    private static void roundTrip(Fixture fx) {
        JsonNode agent = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
        String actionId = agent.get("implementations").get(0).get("action").get("id").asText();
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            String task = fx.assign(Fixture.CALLER, actionId, Map.of("a", 1, "b", 2));
            assertEquals("ASSIGN", agi.nextOfType("ASSIGN").path("type").asText());
            assertEquals(task, fx.task(Fixture.CALLER, task).get("id").asText());
        }
    }

    // ------------------------------------------------------------------ HTTP

    private static void httpCase(Fixture fx, Random random, int index) {
        int kind = random.nextInt(5);
        String body;
        String what;
        boolean authorized = true;
        switch (kind) {
            case 0 -> {
                body = malformedJson(random);
                what = "malformed body";
            }
            case 1 -> {
                String field = pick(random, "query", "variables", "operationName", "extensions");
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("query", VALID);
                request.put("variables", Map.of());
                request.put("operationName", "Q");
                request.put(field, wrongValue(random));
                body = json(request);
                what = "wrong type in " + field;
            }
            case 2 -> {
                body = json(Map.of("query", hugeOrNestedQuery(random)));
                what = "huge or nested query";
            }
            case 3 -> {
                body = json(Map.of("query", "query($v: AgentFilter) { agents(filters: $v) { id } }", "variables",
                        Map.of("v", nestedFilter(random.nextInt(3000)))));
                what = "deeply nested variables";
            }
            default -> {
                body = json(Map.of("query", VALID));
                authorized = false;
                what = "bad authorization";
            }
        }
        http(fx, body, authorized, "case " + index + " (" + what + ", seed " + SEED + ")");
    }

    private static void http(Fixture fx, String body, boolean authorized, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fx.server.graphqlUrl())).timeout(ANSWER_WITHIN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorized) {
            request.header("Authorization", "Bearer " + Fixture.CALLER);
        } else {
            request.header("Authorization", pick(new Random(body.length()), "Basic abc", "Bearer", "Bearer nope", "x"));
        }
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(what + ": not answered within " + ANSWER_WITHIN + ": " + e, e);
        }
        assertNotEquals(500, response.statusCode(), () -> what + ": the last resort answered " + response.body());
        JsonNode json;
        try {
            json = Api.MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(what + ": the answer is not JSON: " + response.body());
        }
        assertTrue(json.has("errors") || json.has("data"), () -> what + ": not a GraphQL answer: " + response.body());
    }

    // ------------------------------------------------------------------ websockets

    private static void socketCase(Fixture fx, Random random, int index) {
        boolean legacy = random.nextBoolean();
        boolean initialised = random.nextBoolean();
        Object frame = malformedFrame(random, legacy);
        socket(fx, legacy, initialised, frame, "case " + index + " (" + (legacy ? "graphql-ws" : "graphql-transport-ws")
                + (initialised ? ", after" : ", before") + " connection_init, frame " + abbreviate(frame) + ", seed " + SEED
                + ")");
    }

    /** Sends the frame, then a probe operation; the probe's answer (or a close) must come within 2 s. */
    private static void socket(Fixture fx, boolean legacy, boolean initialised, Object frame, String what) {
        String protocol = legacy ? SubscriptionSocket.LEGACY_WS : SubscriptionSocket.TRANSPORT_WS;
        try (RawSocket socket = RawSocket.connect(fx.server.subscriptionsUrl(), protocol)) {
            if (initialised) {
                socket.send(Map.of("type", "connection_init", "payload", Map.of("token", Fixture.CALLER)));
                assertEquals("connection_ack", socket.next(ANSWER_WITHIN).path("type").asText(), what);
            }
            try {
                if (frame instanceof byte[] bytes) {
                    socket.sendBinary(bytes);
                } else if (frame instanceof String text) {
                    socket.send(text);
                } else {
                    socket.send(frame);
                }
                socket.send(Map.of("type", legacy ? "start" : "subscribe", "id", "probe", "payload", Map.of("query", VALID)));
            } catch (RuntimeException e) {
                // the server closed the socket already: its close code is the answer
            }
            long deadline = System.nanoTime() + ANSWER_WITHIN.toNanos();
            while (System.nanoTime() < deadline) {
                if (socket.isClosed()) {
                    int code = socket.awaitClose(Duration.ZERO.plusMillis(1));
                    assertNotEquals(1011, code, () -> what + ": the last resort closed the socket");
                    return;
                }
                JsonNode answer = nextOrNull(socket, deadline);
                if (answer != null && "probe".equals(answer.path("id").asText())) {
                    return;
                }
            }
            fail(what + ": neither an answer nor a close within " + ANSWER_WITHIN + "; frames seen: " + socket.history());
        }
    }

    private static JsonNode nextOrNull(RawSocket socket, long deadline) {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        try {
            return socket.next(Duration.ofMillis(Math.min(left, 50)));
        } catch (AssertionError e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ generators

    private static Object malformedFrame(Random random, boolean legacy) {
        String operation = legacy ? "start" : "subscribe";
        Supplier<Map<String, Object>> op = () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", operation);
            m.put("id", "x" + random.nextInt(1000));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("query", VALID);
            m.put("payload", payload);
            return m;
        };
        return switch (random.nextInt(14)) {
            case 0 -> malformedJson(random);
            case 1 -> random.nextBoolean() ? new byte[] { 1, 2, 3 } : "";
            case 2 -> mapOf("type", wrongValue(random));
            case 3 -> mapOf("type", pick(random, "xyz", "next", "data", "error", "connection_ack", "ka", "pong", "ping"));
            case 4 -> {
                Map<String, Object> m = op.get();
                m.put("id", wrongValue(random));
                yield m;
            }
            case 5 -> {
                Map<String, Object> m = op.get();
                m.put("payload", wrongValue(random));
                yield m;
            }
            case 6, 7 -> {
                Map<String, Object> m = op.get();
                @SuppressWarnings("unchecked")
                Map<String, Object> payload = (Map<String, Object>) m.get("payload");
                payload.put(pick(random, "query", "variables", "operationName", "extensions"), wrongValue(random));
                yield m;
            }
            case 8 -> {
                Map<String, Object> m = op.get();
                m.put("payload", Map.of("query", hugeOrNestedQuery(random)));
                yield m;
            }
            case 9 -> mapOf("type", "connection_init", "payload", wrongValue(random));
            case 10 -> mapOf("type", legacy ? "stop" : "complete", "id", wrongValue(random));
            case 11 -> {
                Map<String, Object> m = op.get();
                m.put("payload", Map.of("query", "subscription { mytasks { create { id } } }", "operationName", "Nope"));
                yield m;
            }
            case 12 -> json(nestedFilter(1000 + random.nextInt(4000)));
            default -> mapOf("type", operation, "id", "same", "payload",
                    Map.of("query", "subscription { mytasks { create { id } } }"));
        };
    }

    private static String malformedJson(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "{\"query\": \"" + VALID;
            case 3 -> pick(random, "null", "[]", "42", "\"query\"", "true", "[{\"query\": \"{ __typename }\"}]");
            case 4 -> "[".repeat(1000 + random.nextInt(20000));
            case 5 -> "{\"query\": \"{ __typename }\", \"variables\": " + "{\"a\":".repeat(2000 + random.nextInt(5000));
            case 6 -> {
                byte[] bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                yield new String(bytes, StandardCharsets.ISO_8859_1);
            }
            case 7 -> "{\"query\": \"\\ud800\", \"variables\": {}}";
            case 8 -> "{\"query\": 1e999999}";
            default -> "{\"query\": \"{ __typename }\"} trailing";
        };
    }

    private static Object wrongValue(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> 5;
            case 1 -> List.of(1, "two");
            case 2 -> Map.of("nested", Map.of("x", 1));
            case 3 -> true;
            case 4 -> null;
            case 5 -> 3.5;
            case 6 -> "x".repeat(random.nextInt(100_000));
            case 7 -> List.of();
            default -> Map.of();
        };
    }

    private static String hugeOrNestedQuery(Random random) {
        int n = 1000 + random.nextInt(20_000);
        return switch (random.nextInt(6)) {
            case 0 -> "{" + "agents {".repeat(n) + "}".repeat(n) + "}";
            case 1 -> {
                StringBuilder q = new StringBuilder("{");
                for (int i = 0; i < n; i++) {
                    q.append(" a").append(i).append(": __typename");
                }
                yield q.append(" }").toString();
            }
            case 2 -> "{ agents(filters: {search: \"" + "x".repeat(n * 50) + "\"}) { id } }";
            case 3 -> "{ agents(filters: {ids: " + "[".repeat(n) + "]".repeat(n) + "}) { id } }";
            case 4 -> "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }";
            default ->
                "{ agents { implementations { agent { implementations { agent { implementations { agent { id } } } } } } } }"
                        .repeat(1 + random.nextInt(50));
        };
    }

    /** {@code {"AND": {"AND": ...}}}, as deep as asked. */
    private static Map<String, Object> nestedFilter(int depth) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("search", "x");
        for (int i = 0; i < depth; i++) {
            Map<String, Object> outer = new LinkedHashMap<>();
            outer.put("AND", filter);
            filter = outer;
        }
        return filter;
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
            return Api.MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            // the deepest values are more than Jackson writes: send them unbalanced instead
            return "{\"AND\":".repeat(5000);
        }
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String abbreviate(Object frame) {
        String text = frame instanceof byte[] ? "<binary>" : frame instanceof String s ? s : json(frame);
        return text.length() > 80 ? text.substring(0, 80) + "... (" + text.length() + " chars)" : text;
    }
}
