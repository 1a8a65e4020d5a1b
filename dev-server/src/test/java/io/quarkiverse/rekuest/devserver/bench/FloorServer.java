package io.quarkiverse.rekuest.devserver.bench;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;

/**
 * The transport floor: the frames of one dev-server task (the {@code assign} POST and its response, ASSIGN, YIELD,
 * COMPLETED, EVENT_ACK and the three {@code mytasks} {@code next} frames), with the same JSON shapes and sizes,
 * exchanged over plain Vert.x HTTP and websockets on the same number of event loops, with no GraphQL engine and no
 * store. It still does what any server must: it parses every inbound JSON frame (Jackson tree), builds every
 * outbound one (Jackson tree → string, ISO timestamps, uuid frame ids) and relays between connections that may sit
 * on different event loops. Its threads are named {@code floor-vert.x-*}.
 */
final class FloorServer implements AutoCloseable {

    static final String THREAD_PREFIX = "floor-";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Vertx vertx;
    private final AtomicLong taskSeq = new AtomicLong();
    private final AtomicLong eventSeq = new AtomicLong();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile ServerWebSocket agent;
    private final int port;

    private record Subscriber(ServerWebSocket ws, String id) {
    }

    FloorServer(int eventLoops) throws Exception {
        this.vertx = NamedVertx.create(THREAD_PREFIX, eventLoops);
        // one HTTP server per event loop; port -1 is Vert.x's "random port shared by every instance" (port 0 would
        // give each instance its own port, and re-listening on the first one's port fails with a BindException)
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        vertx.deployVerticle(() -> new Listener(-1, bound), new DeploymentOptions().setInstances(eventLoops))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        this.port = bound.get(10, TimeUnit.SECONDS);
    }

    int port() {
        return port;
    }

    private final class Listener extends AbstractVerticle {
        private final int listenPort;
        private final CompletableFuture<Integer> bound;

        Listener(int listenPort, CompletableFuture<Integer> bound) {
            this.listenPort = listenPort;
            this.bound = bound;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(listenPort)
                    .setWebSocketSubProtocols(List.of("graphql-transport-ws", "graphql-ws")))
                    .webSocketHandler(FloorServer.this::onWebSocket)
                    .requestHandler(FloorServer.this::onRequest)
                    .listen()
                    .onSuccess(server -> {
                        bound.complete(server.actualPort()); // the same for every instance
                        started.complete();
                    })
                    .onFailure(e -> {
                        bound.completeExceptionally(e);
                        started.fail(e);
                    });
        }
    }

    // ------------------------------------------------------------------ POST /graphql (assign only)

    private void onRequest(HttpServerRequest request) {
        if (request.method() != io.vertx.core.http.HttpMethod.POST || !"/graphql".equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(body -> assign(request, body));
    }

    private void assign(HttpServerRequest request, Buffer body) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end("{\"data\":null,\"errors\":[{\"message\":\"No Authorization header\"}]}");
            return;
        }
        JsonNode input;
        try {
            input = MAPPER.readTree(body.getBytes()).path("variables").path("i");
        } catch (Exception e) {
            request.response().setStatusCode(400).end();
            return;
        }
        String task = Long.toString(taskSeq.incrementAndGet());
        String reference = input.path("reference").asText();
        String now = now();

        ObjectNode create = MAPPER.createObjectNode();
        create.put("id", task);
        create.put("reference", reference);
        create.put("isDone", false);
        create.put("latestEventKind", "STARTED");
        create.put("latestInstructKind", "ASSIGN");
        create.putNull("statusMessage");
        create.put("action", input.path("action").asText());
        create.put("implementation", "1");
        create.put("agent", "1");
        create.putNull("root");
        create.putNull("parent");
        create.put("createdAt", now);
        create.put("updatedAt", now);
        create.putNull("finishedAt");
        publish(create, null);

        ObjectNode assign = frame("ASSIGN");
        assign.put("interface", "add");
        assign.putNull("step");
        assign.put("task", task);
        assign.putNull("root");
        assign.putNull("parent");
        assign.putNull("resolution");
        assign.put("capture", input.path("capture").asBoolean());
        assign.put("reference", reference);
        assign.set("args", input.path("args"));
        assign.putNull("message");
        assign.put("user", "bob");
        assign.put("org", "lab");
        assign.put("action", "0000000000000000000000000000000000000000000000000000000000000000");
        assign.put("implementation", "1");
        assign.putNull("token");
        ServerWebSocket a = agent;
        if (a != null) {
            a.writeTextMessage(write(assign));
        }

        ObjectNode result = MAPPER.createObjectNode();
        result.put("id", task);
        result.put("reference", reference);
        result.put("latestEventKind", "STARTED");
        result.put("latestInstructKind", "ASSIGN");
        result.put("isDone", false);
        ObjectNode response = MAPPER.createObjectNode();
        response.putObject("data").set("assign", result);
        request.response().putHeader("Content-Type", "application/json").end(write(response));
    }

    // ------------------------------------------------------------------ websockets

    private void onWebSocket(ServerWebSocket ws) {
        String path = ws.path();
        if ("/agi".equals(path)) {
            ws.textMessageHandler(text -> onAgentFrame(ws, text));
            ws.closeHandler(v -> {
                if (agent == ws) {
                    agent = null;
                }
            });
        } else if ("/graphql".equals(path)) {
            ws.textMessageHandler(text -> onSubscriptionFrame(ws, text));
            ws.closeHandler(v -> subscribers.removeIf(s -> s.ws() == ws));
        } else {
            ws.reject(404);
        }
    }

    private void onAgentFrame(ServerWebSocket ws, String text) {
        JsonNode frame;
        try {
            frame = MAPPER.readTree(text);
        } catch (Exception e) {
            ws.close((short) 3002, "Frame is not valid JSON");
            return;
        }
        switch (frame.path("type").asText()) {
            case "REGISTER" -> {
                agent = ws;
                ObjectNode init = frame("INIT");
                init.put("agent", "1");
                init.putArray("inquiries");
                ws.writeTextMessage(write(init));
            }
            case "YIELD" -> publishEvent(frame.path("task").asText(), "YIELD", frame.get("returns"));
            case "COMPLETED" -> {
                String task = frame.path("task").asText();
                publishEvent(task, "COMPLETED", null);
                ObjectNode ack = frame("EVENT_ACK");
                ack.put("event", frame.path("id").asText());
                ack.put("task", task);
                ack.put("seq", frame.path("seq").asLong());
                ws.writeTextMessage(write(ack));
            }
            default -> {
                // HEARTBEAT_ANSWER and the rest: nothing to relay
            }
        }
    }

    private void publishEvent(String task, String kind, JsonNode returns) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("id", Long.toString(eventSeq.incrementAndGet()));
        event.put("task", task);
        event.put("kind", kind);
        if (returns == null) {
            event.putNull("returns");
        } else {
            event.set("returns", returns);
        }
        event.putNull("message");
        event.putNull("progress");
        event.put("createdAt", now());
        publish(null, event);
    }

    private void onSubscriptionFrame(ServerWebSocket ws, String text) {
        JsonNode frame;
        try {
            frame = MAPPER.readTree(text);
        } catch (Exception e) {
            ws.close((short) 4400, "Invalid message");
            return;
        }
        switch (frame.path("type").asText()) {
            case "connection_init" -> ws.writeTextMessage("{\"type\":\"connection_ack\"}");
            case "subscribe" -> subscribers.add(new Subscriber(ws, frame.path("id").asText()));
            case "ping" -> ws.writeTextMessage("{\"type\":\"pong\"}");
            default -> {
            }
        }
    }

    /** A {@code next} frame with {@code {"mytasks": {"create": ..., "event": ...}}} to every subscriber. */
    private void publish(ObjectNode create, ObjectNode event) {
        for (Subscriber s : subscribers) {
            ObjectNode next = MAPPER.createObjectNode();
            next.put("id", s.id());
            next.put("type", "next");
            ObjectNode mytasks = next.putObject("payload").putObject("data").putObject("mytasks");
            mytasks.set("create", create == null ? mytasks.nullNode() : create);
            mytasks.set("event", event == null ? mytasks.nullNode() : event);
            s.ws().writeTextMessage(write(next));
        }
    }

    private static ObjectNode frame(String type) {
        ObjectNode frame = MAPPER.createObjectNode();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        frame.put("id", new UUID(random.nextLong(), random.nextLong()).toString());
        frame.put("type", type);
        return frame;
    }

    private static String now() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
