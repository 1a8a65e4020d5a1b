package io.quarkiverse.rekuest.deployment.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Another agent identity in the test: a raw {@code /agi} websocket (the JDK's client, no project code) with its own
 * token. It declares its implementations with {@code ensureAgent} + {@code implementAgent} over GraphQL, registers, and
 * answers each {@code ASSIGN} with the behaviour given for the implementation's interface.
 */
final class RawAgent implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static final String IMPLEMENT = "mutation($i: ImplementAgentInput!){ implementAgent(input:$i){ id implementations { id interface action { id } } } }";

    private final String baseUrl;
    private final String token;
    private final ClientTestClient graphql;
    private final Map<String, BiConsumer<RawAgent, JsonNode>> behaviours = new ConcurrentHashMap<>();
    private final List<JsonNode> received = new ArrayList<>();
    private final Map<String, AtomicInteger> seqs = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> pending = new ArrayList<>();
    private final CompletableFuture<JsonNode> init = new CompletableFuture<>();
    private WebSocket socket;
    private String agentId;

    RawAgent(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.graphql = new ClientTestClient(baseUrl + "/graphql", token);
    }

    /** Declares an implementation and what to do with its tasks. */
    RawAgent implement(Map<String, Object> implementation, BiConsumer<RawAgent, JsonNode> behaviour) {
        pending.add(implementation);
        behaviours.put((String) implementation.get("interface"), behaviour);
        return this;
    }

    /** ensureAgent + implementAgent, then REGISTER on {@code /agi}; returns once INIT came. */
    RawAgent start() {
        graphql.data("mutation($i: AgentInput!){ ensureAgent(input:$i){ id } }", Map.of("i", Map.of("name", token)));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", token);
        input.put("implementations", pending);
        input.put("states", List.of());
        input.put("locks", List.of());
        agentId = graphql.data(IMPLEMENT, Map.of("i", input)).get("implementAgent").get("id").asText();
        connect();
        return this;
    }

    private void connect() {
        String ws = baseUrl.replaceFirst("^http", "ws") + "/agi";
        socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(ws), new Listener()).join();
        send(frame("REGISTER", null, "token", token, "force", true, "session_id", UUID.randomUUID().toString()));
        try {
            init.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("No INIT for " + token, e);
        }
    }

    String agentId() {
        return agentId;
    }

    // ------------------------------------------------------------------ reports

    void yield(String task, Object value) {
        send(frame("YIELD", task, "returns", value == null ? null : Map.of("return0", value)));
    }

    void completed(String task) {
        send(frame("COMPLETED", task));
    }

    void failed(String task, String error) {
        send(frame("FAILED", task, "error", error));
    }

    void report(String type, String task) {
        send(frame(type, task));
    }

    /** Drops the connection without a close frame, like a crashed process. */
    void abort() {
        socket.abort();
    }

    /** The frames of {@code type} received for {@code task}, so far. */
    synchronized List<JsonNode> frames(String type, String task) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode frame : received) {
            if (type.equals(frame.path("type").asText()) && (task == null || task.equals(frame.path("task").asText()))) {
                found.add(frame);
            }
        }
        return found;
    }

    /** Waits until a frame of {@code type} for {@code task} came. */
    JsonNode await(String type, String task, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> found = frames(type, task);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No " + type + " for task " + task + " within " + timeout + "; received " + received);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Map<String, Object> frame(String type, String task, Object... more) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", type);
        if (task != null) {
            frame.put("task", task);
            frame.put("seq", seqs.computeIfAbsent(task, t -> new AtomicInteger()).incrementAndGet());
        }
        for (int i = 0; i < more.length; i += 2) {
            frame.put((String) more[i], more[i + 1]);
        }
        return frame;
    }

    private synchronized void send(Map<String, Object> frame) {
        try {
            socket.sendText(ClientTestClient.MAPPER.writeValueAsString(frame), true).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send " + frame, e);
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already gone
        }
        socket.abort();
    }

    /** The definition of an implementation, as {@code implementAgent} takes it. */
    static Map<String, Object> implementation(String key, String kind, boolean idempotent, List<Map<String, Object>> args,
            List<Map<String, Object>> returns) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("key", key);
        definition.put("version", "1");
        definition.put("name", key);
        definition.put("description", "the other app's " + key);
        definition.put("kind", kind);
        definition.put("collections", List.of());
        definition.put("portGroups", List.of());
        definition.put("isTestFor", List.of());
        definition.put("stateful", false);
        definition.put("idempotent", idempotent);
        definition.put("isDev", false);
        definition.put("args", args);
        definition.put("returns", returns);
        Map<String, Object> implementation = new LinkedHashMap<>();
        implementation.put("interface", key);
        implementation.put("definition", definition);
        implementation.put("dependencies", List.of());
        return implementation;
    }

    static Map<String, Object> port(String key, String kind, boolean nullable) {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("key", key);
        port.put("kind", kind);
        port.put("nullable", nullable);
        return port;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text.setLength(0);
                try {
                    handle(ClientTestClient.MAPPER.readTree(whole));
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private void handle(JsonNode frame) {
        synchronized (this) {
            received.add(frame);
        }
        switch (frame.path("type").asText()) {
            case "INIT" -> init.complete(frame);
            case "HEARTBEAT" -> CompletableFuture.runAsync(() -> send(frame("HEARTBEAT_ANSWER", null)));
            // CANCEL is left unanswered (a node that does not stop nicely); INTERRUPT is obeyed
            case "INTERRUPT" -> CompletableFuture.runAsync(() -> report("INTERRUPTED", frame.path("task").asText()));
            case "ASSIGN" -> {
                BiConsumer<RawAgent, JsonNode> behaviour = behaviours.get(frame.path("interface").asText());
                if (behaviour != null) {
                    // not on the socket's thread: a behaviour may wait
                    CompletableFuture.runAsync(() -> behaviour.accept(this, frame));
                }
            }
            default -> {
            }
        }
    }
}
