package io.quarkiverse.rekuest.deployment.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * A scripted {@code /agi} server for tests that need what the dev server never does: withhold heartbeats, withhold an
 * {@code EVENT_ACK}, drop a connection at a chosen moment. It answers REGISTER with INIT, sends HEARTBEAT every 200 ms
 * (while enabled), acknowledges terminal reports (while enabled) and records every frame it receives.
 * <p>
 * A QuarkusUnitTest class is loaded twice (by JUnit, then by the application's class loader) and the server must run
 * before the application starts, so it is started by the first copy and shared through the system properties as JDK
 * types only; {@link #view(String)} wraps them for the second copy.
 */
final class RawAgi {

    static final java.util.Set<String> TERMINAL = java.util.Set.of("COMPLETED", "FAILED", "CRITICAL", "CANCELLED",
            "INTERRUPTED");

    private RawAgi() {
    }

    /** An ASSIGN of {@code task} to the node with {@code iface}, from user "tester" of organization "lab". */
    static Map<String, Object> assignFrame(String task, String iface, Map<String, Object> args) {
        Map<String, Object> frame = new java.util.LinkedHashMap<>();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", "ASSIGN");
        frame.put("interface", iface);
        frame.put("task", task);
        frame.put("root", null);
        frame.put("parent", null);
        frame.put("reference", task);
        frame.put("args", args);
        frame.put("user", "tester");
        frame.put("org", "lab");
        frame.put("token", null);
        return frame;
    }

    private static String key(String name) {
        return "rekuest.test.raw-agi." + name;
    }

    /** The {@code ws://} URL of the server named {@code name}, started on first use. */
    static synchronized String url(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> handle = (Map<String, Object>) System.getProperties().get(key(name));
        if (handle == null) {
            handle = start();
            System.getProperties().put(key(name), handle);
        }
        return (String) handle.get("url");
    }

    @SuppressWarnings("unchecked")
    static View view(String name) {
        Map<String, Object> handle = (Map<String, Object>) System.getProperties().get(key(name));
        if (handle == null) {
            throw new IllegalStateException("no raw /agi server " + name);
        }
        return new View(handle);
    }

    private static Map<String, Object> start() {
        Vertx vertx = Vertx.vertx();
        AtomicReference<ServerWebSocket> current = new AtomicReference<>();
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
        AtomicBoolean heartbeats = new AtomicBoolean(true);
        AtomicBoolean acks = new AtomicBoolean(true);
        AtomicInteger registers = new AtomicInteger();
        AtomicReference<List<String>> inquiries = new AtomicReference<>(List.of());
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                // room for the large frames of AgentFuzzTest, both ways
                .setMaxWebSocketFrameSize(16 * 1024 * 1024).setMaxWebSocketMessageSize(16 * 1024 * 1024));
        server.webSocketHandler(ws -> {
            if (!"/agi".equals(ws.path())) {
                ws.reject(404);
                return;
            }
            ws.closeHandler(v -> {
                Short code = ws.closeStatusCode();
                closes.add(code == null ? -1 : (int) code);
                current.compareAndSet(ws, null);
            });
            ws.textMessageHandler(text -> {
                JsonObject frame = new JsonObject(text);
                String type = frame.getString("type");
                if ("REGISTER".equals(type)) {
                    registers.incrementAndGet();
                }
                frames.add(text);
                if ("REGISTER".equals(type)) {
                    current.set(ws);
                    ws.writeTextMessage(new JsonObject().put("id", UUID.randomUUID().toString()).put("type", "INIT")
                            .put("agent", "raw-agent").put("inquiries", inquiryArray(inquiries.getAndSet(List.of()))).encode());
                } else if (TERMINAL.contains(type) && acks.get()) {
                    ws.writeTextMessage(new JsonObject().put("id", UUID.randomUUID().toString()).put("type", "EVENT_ACK")
                            .put("event", frame.getString("id")).encode());
                }
            });
        });
        int port;
        try {
            port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        vertx.setPeriodic(200, id -> {
            ServerWebSocket ws = current.get();
            if (ws != null && heartbeats.get()) {
                ws.writeTextMessage("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"HEARTBEAT\"}");
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(vertx::close));
        Map<String, Object> handle = new ConcurrentHashMap<>();
        handle.put("url", "ws://127.0.0.1:" + port + "/agi");
        handle.put("frames", frames);
        handle.put("closes", closes);
        handle.put("heartbeats", heartbeats);
        handle.put("acks", acks);
        handle.put("registers", registers);
        handle.put("inquiries", inquiries);
        handle.put("send", (Consumer<String>) text -> {
            ServerWebSocket ws = current.get();
            if (ws == null) {
                throw new IllegalStateException("no agent connected");
            }
            ws.writeTextMessage(text);
        });
        handle.put("drop", (Consumer<Integer>) code -> {
            ServerWebSocket ws = current.getAndSet(null);
            if (ws != null) {
                ws.close(code.shortValue(), "dropped by the test");
            }
        });
        return handle;
    }

    private static io.vertx.core.json.JsonArray inquiryArray(List<String> tasks) {
        io.vertx.core.json.JsonArray array = new io.vertx.core.json.JsonArray();
        tasks.forEach(task -> array.add(new JsonObject().put("task", task)));
        return array;
    }

    /** The server as the test sees it. */
    @SuppressWarnings("unchecked")
    static final class View {

        final BlockingQueue<String> frames;
        final BlockingQueue<Integer> closes;
        final AtomicBoolean heartbeats;
        final AtomicBoolean acks;
        final AtomicInteger registers;
        /** The tasks the next INIT inquires about (once). */
        final AtomicReference<List<String>> inquiries;
        private final Consumer<String> send;
        private final Consumer<Integer> drop;

        View(Map<String, Object> handle) {
            frames = (BlockingQueue<String>) handle.get("frames");
            closes = (BlockingQueue<Integer>) handle.get("closes");
            heartbeats = (AtomicBoolean) handle.get("heartbeats");
            acks = (AtomicBoolean) handle.get("acks");
            registers = (AtomicInteger) handle.get("registers");
            inquiries = (AtomicReference<List<String>>) handle.get("inquiries");
            send = (Consumer<String>) handle.get("send");
            drop = (Consumer<Integer>) handle.get("drop");
        }

        void send(Map<String, Object> frame) {
            try {
                send.accept(GraphQLCaller.MAPPER.writeValueAsString(frame));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Sends a text frame as it is (need not be JSON). */
        void sendText(String text) {
            send.accept(text);
        }

        /** Closes the agent's connection from the server side with {@code code}. */
        void drop(int code) {
            drop.accept(code);
        }

        /** An ASSIGN of {@code task} to the node with {@code iface}. */
        void assign(String task, String iface, Map<String, Object> args) {
            send(assignFrame(task, iface, args));
        }

        void ack(String eventId) {
            send(Map.of("id", UUID.randomUUID().toString(), "type", "EVENT_ACK", "event", eventId));
        }

        /**
         * The next received frame of {@code type} (about {@code task} when not null), skipping others; they are kept in
         * {@code skipped} when it is not null.
         */
        JsonNode next(String type, String task, Duration timeout, List<JsonNode> skipped) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    String text = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                    if (text == null) {
                        throw new AssertionError("no " + type + (task == null ? "" : " of " + task) + " within " + timeout
                                + "; skipped " + skipped);
                    }
                    JsonNode frame = GraphQLCaller.MAPPER.readTree(text);
                    if (frame.path("type").asText().equals(type)
                            && (task == null || task.equals(frame.path("task").asText()))) {
                        return frame;
                    }
                    if (skipped != null && !"HEARTBEAT_ANSWER".equals(frame.path("type").asText())) {
                        skipped.add(frame);
                    }
                }
            } catch (InterruptedException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        JsonNode next(String type, String task, Duration timeout) {
            return next(type, task, timeout, new ArrayList<>());
        }

        /** Every frame received within {@code window}, heartbeat answers left out. */
        List<JsonNode> during(Duration window) {
            List<JsonNode> received = new ArrayList<>();
            long deadline = System.nanoTime() + window.toNanos();
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    String text = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                    if (text == null) {
                        return received;
                    }
                    JsonNode frame = GraphQLCaller.MAPPER.readTree(text);
                    if (!"HEARTBEAT_ANSWER".equals(frame.path("type").asText())) {
                        received.add(frame);
                    }
                }
            } catch (InterruptedException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
