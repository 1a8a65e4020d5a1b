package io.quarkiverse.rekuest.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.test.wire.GraphQLCaller;

/**
 * Another agent identity: a raw {@code /agi} websocket (the JDK's client, no project code) with its own token, as an
 * agent written in another language would be. It declares its implementations with {@code ensureAgent} +
 * {@code implementAgent} over GraphQL (definitions written by hand), registers, and answers each {@code ASSIGN} with
 * the behaviour given for the implementation's interface. It answers {@code CANCEL} with {@code CANCELLED}, except for
 * the interfaces declared {@link #ignoringCancel stubborn}, and {@code INTERRUPT} with {@code INTERRUPTED}.
 */
public final class RawAgent implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static final String IMPLEMENT = "mutation($i: ImplementAgentInput!){ implementAgent(input:$i){ id } }";

    private final String baseUrl;
    private final String token;
    private final GraphQLCaller graphql;
    private final Map<String, BiConsumer<RawAgent, JsonNode>> behaviours = new ConcurrentHashMap<>();
    private final Set<String> stubborn = ConcurrentHashMap.newKeySet();
    private final List<JsonNode> received = new ArrayList<>();
    private final Map<String, String> interfaces = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    /** Tasks cancelled or interrupted: their scheduled work does not run. */
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> seqs = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> pending = new ArrayList<>();
    private final CompletableFuture<JsonNode> init = new CompletableFuture<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "raw-agent-timer");
        thread.setDaemon(true);
        return thread;
    });
    /** Runs the behaviours and the reports, off the socket's thread. */
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "raw-agent");
        thread.setDaemon(true);
        return thread;
    });
    private WebSocket socket;
    /** A hung process: frames are ignored, nothing is sent, the connection stays open. */
    private volatile boolean frozen;

    /** An agent on the server at {@code baseUrl} with the identity of {@code token} ({@code dev:<app>}). */
    public RawAgent(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.graphql = GraphQLCaller.ofServer(this.baseUrl, token);
    }

    /** Declares an implementation and what to do with its tasks (run on a thread of its own, which may wait). */
    public RawAgent implement(Map<String, Object> implementation, BiConsumer<RawAgent, JsonNode> behaviour) {
        pending.add(implementation);
        behaviours.put((String) implementation.get("interface"), behaviour);
        return this;
    }

    /** Tasks of this interface ignore {@code CANCEL} (a node that does not stop nicely); they obey {@code INTERRUPT}. */
    public RawAgent ignoringCancel(String iface) {
        stubborn.add(iface);
        return this;
    }

    /** ensureAgent + implementAgent, then REGISTER on {@code /agi}; returns once INIT came. */
    public RawAgent start() {
        graphql.data("mutation($i: AgentInput!){ ensureAgent(input:$i){ id } }", Map.of("i", Map.of("name", token)));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", token);
        input.put("implementations", pending);
        input.put("states", List.of());
        input.put("locks", List.of());
        graphql.data(IMPLEMENT, Map.of("i", input));
        String ws = baseUrl.replaceFirst("^http", "ws") + "/agi";
        socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(ws), new Listener()).join();
        send(frame("REGISTER", null, "token", token, "force", true, "session_id", UUID.randomUUID().toString()));
        try {
            init.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("No INIT for " + token, e);
        }
        return this;
    }

    // ------------------------------------------------------------------ reports

    public void yield(String task, Object value) {
        send(frame("YIELD", task, "returns", value == null ? null : Map.of("return0", value)));
    }

    public void completed(String task) {
        send(frame("COMPLETED", task));
    }

    public void failed(String task, String error) {
        send(frame("FAILED", task, "error", error));
    }

    public void critical(String task, String error) {
        send(frame("CRITICAL", task, "error", error));
    }

    public void report(String type, String task) {
        send(frame(type, task));
    }

    /** Runs {@code work} after {@code millis}, unless the task is cancelled or interrupted first. */
    public void later(String task, long millis, Runnable work) {
        scheduled.put(task, timer.schedule(() -> {
            scheduled.remove(task);
            if (!stopped.contains(task)) {
                work.run();
            }
        }, millis, TimeUnit.MILLISECONDS));
    }

    /**
     * Hangs like a stopped process (or a cut network): from now on nothing is answered or reported, heartbeats
     * included, and the connection is not closed, so the server notices only when the agent goes stale.
     */
    public void freeze() {
        frozen = true;
    }

    /** Drops the connection without a close frame, like a crashed process. */
    public void abort() {
        socket.abort();
    }

    /** The frames of {@code type} received for {@code task} ({@code null}: any task), so far. */
    public synchronized List<JsonNode> frames(String type, String task) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode frame : received) {
            if (type.equals(frame.path("type").asText()) && (task == null || task.equals(frame.path("task").asText()))) {
                found.add(frame);
            }
        }
        return found;
    }

    /** The ASSIGN frames of the interface {@code iface} received so far. */
    public List<JsonNode> assigned(String iface) {
        return frames("ASSIGN", null).stream().filter(f -> iface.equals(f.path("interface").asText())).toList();
    }

    /** Waits until the interface {@code iface} has more than {@code before} ASSIGNs; the task id of the next one. */
    public String awaitAssign(String iface, int before, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> assigns = assigned(iface);
        while (assigns.size() <= before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No ASSIGN of " + iface + " within " + timeout);
            }
            GraphQLCaller.sleep(10);
            assigns = assigned(iface);
        }
        return assigns.get(before).get("task").asText();
    }

    /** Waits until a frame of {@code type} for {@code task} came. */
    public JsonNode await(String type, String task, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> found = frames(type, task);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No " + type + " for task " + task + " within " + timeout);
            }
            GraphQLCaller.sleep(10);
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
        if (frozen) {
            return;
        }
        try {
            socket.sendText(GraphQLCaller.MAPPER.writeValueAsString(frame), true).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send " + frame, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        if (socket == null) {
            return;
        }
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already gone
        }
        socket.abort();
    }

    /** The definition of an implementation, as {@code implementAgent} takes it. */
    public static Map<String, Object> implementation(String key, String kind, boolean idempotent,
            List<Map<String, Object>> args, List<Map<String, Object>> returns) {
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

    /** A function with these argument ports and one return port {@code return0}. */
    public static Map<String, Object> function(String key, boolean idempotent, String returnKind,
            List<Map<String, Object>> args) {
        return implementation(key, "FUNCTION", idempotent, args, List.of(port("return0", returnKind)));
    }

    /** A non-nullable port. */
    public static Map<String, Object> port(String key, String kind) {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("key", key);
        port.put("kind", kind);
        port.put("nullable", false);
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
                    handle(GraphQLCaller.MAPPER.readTree(whole));
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private void handle(JsonNode frame) {
        if (frozen) {
            return;
        }
        synchronized (this) {
            received.add(frame);
        }
        String task = frame.path("task").asText();
        switch (frame.path("type").asText()) {
            case "INIT" -> init.complete(frame);
            case "HEARTBEAT" -> workers.execute(() -> send(frame("HEARTBEAT_ANSWER", null)));
            case "CANCEL" -> {
                if (!stubborn.contains(interfaces.getOrDefault(task, ""))) {
                    stop(task, "CANCELLED");
                }
            }
            case "INTERRUPT" -> stop(task, "INTERRUPTED");
            case "ASSIGN" -> {
                String iface = frame.path("interface").asText();
                interfaces.put(task, iface);
                BiConsumer<RawAgent, JsonNode> behaviour = behaviours.get(iface);
                if (behaviour != null) {
                    // not on the socket's thread: a behaviour may wait
                    workers.execute(() -> behaviour.accept(this, frame));
                }
            }
            default -> {
            }
        }
    }

    private void stop(String task, String report) {
        stopped.add(task);
        ScheduledFuture<?> work = scheduled.remove(task);
        if (work != null) {
            work.cancel(false);
        }
        workers.execute(() -> report(report, task));
    }
}
