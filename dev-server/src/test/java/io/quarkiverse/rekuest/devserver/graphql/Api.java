package io.quarkiverse.rekuest.devserver.graphql;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Raw HTTP with arbitrary headers, and a raw subscription client for both GraphQL websocket subprotocols. */
final class Api {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Api() {
    }

    record Response(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String firstError() {
            JsonNode errors = json().path("errors");
            if (!errors.isArray() || errors.isEmpty()) {
                throw new AssertionError("expected an error: " + body);
            }
            return errors.get(0).path("message").asText();
        }
    }

    /** POST with the given headers (name, value, name, value, ...). */
    static Response post(String url, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    static Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET());
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String query(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables == null ? Map.of() : variables);
        try {
            return MAPPER.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A subscription client: {@code graphql-transport-ws} (subscribe / next / complete) or the legacy
     * {@code graphql-ws} (start / data / stop, with {@code ka} keep-alives, which are skipped).
     */
    static final class Sub implements AutoCloseable {
        final RawSocket socket;
        final boolean legacy;

        private Sub(RawSocket socket, String protocol) {
            this.socket = socket;
            this.legacy = "graphql-ws".equals(protocol);
        }

        /** Connects without sending anything. */
        static Sub raw(String url, String protocol) {
            Sub sub = new Sub(RawSocket.connect(url, protocol), protocol);
            assertEquals(protocol, sub.socket.subprotocol(), "negotiated subprotocol");
            return sub;
        }

        /** Connects and initialises with the token, expecting connection_ack. */
        static Sub open(String url, String protocol, String token) {
            Sub sub = raw(url, protocol);
            sub.init(token);
            JsonNode ack = sub.socket.next();
            assertEquals("connection_ack", ack.path("type").asText(), () -> "expected connection_ack, got " + ack);
            return sub;
        }

        Sub init(String token) {
            socket.send(Map.of("type", "connection_init", "payload", Map.of("token", token)));
            return this;
        }

        Sub subscribe(String id, String query) {
            return subscribe(id, query, Map.of());
        }

        Sub subscribe(String id, String query, Map<String, Object> variables) {
            socket.send(Map.of("type", legacy ? "start" : "subscribe", "id", id, "payload",
                    Map.of("query", query, "variables", variables)));
            return this;
        }

        /** Ends a subscription (complete / stop). */
        Sub complete(String id) {
            socket.send(Map.of("type", legacy ? "stop" : "complete", "id", id));
            return this;
        }

        /** The next frame that is not a keep-alive. */
        JsonNode nextFrame() {
            return socket.nextMatching(f -> !"ka".equals(f.path("type").asText()), Duration.ofSeconds(5));
        }

        /** The {@code payload.data} of the next data message for this id (next / data). */
        JsonNode nextData(String id) {
            JsonNode frame = nextFrame();
            assertEquals(legacy ? "data" : "next", frame.path("type").asText(), () -> "expected a data message, got " + frame);
            assertEquals(id, frame.path("id").asText(), () -> "wrong operation id in " + frame);
            return frame.path("payload").path("data");
        }

        /** Fails if any message other than a keep-alive arrives within the window. */
        void expectSilence(Duration window) {
            long deadline = System.nanoTime() + window.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    socket.expectNoFrame(Duration.ofNanos(left));
                    return;
                } catch (AssertionError e) {
                    if (!e.getMessage().contains("\"type\":\"ka\"")) {
                        throw e;
                    }
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
