package io.quarkiverse.rekuest.devserver.graphql;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.fasterxml.jackson.core.type.TypeReference;

import graphql.ExecutionResult;
import io.quarkiverse.rekuest.devserver.auth.AuthenticationException;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.devserver.auth.TokenVerifier;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;

/**
 * GraphQL over a websocket on {@code /graphql}, in both subprotocols the real server speaks (§3.3):
 * {@code graphql-transport-ws} ({@code subscribe}/{@code next}/{@code complete}, ping/pong) and the legacy
 * {@code graphql-ws} ({@code start}/{@code data}/{@code stop}, {@code ka}). The token travels in the
 * {@code connection_init} payload as {@code {"token": ...}}.
 */
public final class SubscriptionSocket {

    /** The two subprotocols, by their websocket names. */
    public static final String TRANSPORT_WS = "graphql-transport-ws", LEGACY_WS = "graphql-ws";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final long INIT_TIMEOUT_MS = 10_000;
    /** Compiled projections by document (and operation name); Optional.empty() when a document has none. */
    private static final Map<String, Optional<TaskFeedProjection>> PROJECTIONS = new ConcurrentHashMap<>();

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final Context context;
    private final GraphQLEngine engine;
    private final TokenVerifier verifier;
    private final String subprotocol;
    private final boolean legacy;
    private final Map<String, Subscription> operations = new HashMap<>();
    private Identity identity;
    private boolean initReceived;
    private boolean closed;
    private long initTimer;

    public SubscriptionSocket(Vertx vertx, ServerWebSocket ws, GraphQLEngine engine, TokenVerifier verifier) {
        this.vertx = vertx;
        this.ws = ws;
        this.context = vertx.getOrCreateContext();
        this.engine = engine;
        this.verifier = verifier;
        this.subprotocol = negotiate(ws.headers().get("Sec-WebSocket-Protocol"));
        this.legacy = LEGACY_WS.equals(subprotocol);
    }

    /**
     * The subprotocol the handshake will select: the first the client offers that the server speaks (Netty's rule).
     * It is read from the request because {@code subProtocol()} is only known once the handshake completes.
     */
    private static String negotiate(String offered) {
        if (offered != null) {
            for (String candidate : offered.split(",")) {
                String name = candidate.trim();
                if (TRANSPORT_WS.equals(name) || LEGACY_WS.equals(name)) {
                    return name;
                }
            }
        }
        return null;
    }

    public void start() {
        if (subprotocol == null) {
            ws.close((short) 4406, "Subprotocol not acceptable: use graphql-transport-ws or graphql-ws");
            return;
        }
        ws.textMessageHandler(text -> guarded(() -> onText(text)));
        ws.binaryMessageHandler(b -> close(4400, "Binary frames are not accepted"));
        ws.closeHandler(v -> onClosed());
        ws.exceptionHandler(e -> {
            // Vert.x sends no close frame for an oversized or corrupt frame: close with its status (1009 / 1002)
            if (e instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException corrupted) {
                close(corrupted.closeStatus().code(), "Frame refused: " + corrupted.getMessage());
            } else if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
                close(1009, "Message larger than the maximum message size");
            }
        });
        initTimer = vertx.setTimer(INIT_TIMEOUT_MS, t -> {
            if (!initReceived) {
                close(4408, "Connection initialisation timeout");
            }
        });
    }

    private void onText(String text) {
        if (closed) {
            return;
        }
        Map<String, Object> message;
        try {
            message = Json.MAPPER.readValue(text, MAP);
        } catch (Exception e) {
            close(4400, "Invalid message: not a JSON object");
            return;
        }
        if (message == null || !(message.get("type") instanceof String type)) {
            close(4400, "Invalid message: no 'type'");
            return;
        }
        switch (type) {
            case "connection_init" -> connectionInit(message);
            case "ping" -> {
                if (!legacy) {
                    send(typed("pong"));
                }
            }
            case "pong" -> {
            }
            case "subscribe", "start" -> {
                if (legacy != "start".equals(type)) {
                    close(4400, "Invalid message type '" + type + "' for subprotocol " + subprotocol);
                    return;
                }
                start(message);
            }
            case "complete", "stop" -> {
                Subscription subscription = operations.remove(String.valueOf(message.get("id")));
                if (subscription != null) {
                    subscription.cancel();
                    if (legacy) {
                        send(operation("complete", String.valueOf(message.get("id")), null));
                    }
                }
            }
            case "connection_terminate" -> close(1000, "Terminated by the client");
            default -> close(4400, "Invalid message type '" + type + "'");
        }
    }

    private void connectionInit(Map<String, Object> message) {
        if (initReceived) {
            close(4429, "Too many initialisation requests");
            return;
        }
        initReceived = true;
        vertx.cancelTimer(initTimer);
        Object payload = message.get("payload");
        Object token = payload instanceof Map<?, ?> p ? p.get("token") : null;
        try {
            identity = verifier.verify(token == null ? null : token.toString());
        } catch (AuthenticationException e) {
            if (legacy) {
                Map<String, Object> error = typed("connection_error");
                error.put("payload", Map.of("message", e.getMessage()));
                send(error);
            }
            close(4403, "Forbidden: " + e.getMessage());
            return;
        }
        send(typed("connection_ack"));
        if (legacy) {
            send(typed("ka"));
        }
    }

    @SuppressWarnings("unchecked")
    private void start(Map<String, Object> message) {
        if (identity == null) {
            close(4401, "Unauthorized: send connection_init with a token first");
            return;
        }
        if (!(message.get("id") instanceof String id) || !(message.get("payload") instanceof Map)) {
            close(4400, "Invalid message: an operation needs a string 'id' and a 'payload'");
            return;
        }
        if (operations.containsKey(id)) {
            close(4409, "Subscriber for " + id + " already exists");
            return;
        }
        Map<String, Object> payload = (Map<String, Object>) message.get("payload");
        if (!(payload.get("query") instanceof String query)) {
            send(operation("error", id, java.util.List.of(Map.of("message", "The payload has no 'query' string"))));
            return;
        }
        Object variables = payload.get("variables");
        if (variables != null && !(variables instanceof Map)) {
            send(operation("error", id, java.util.List.of(Map.of("message",
                    "'variables' must be a JSON object (variable name to value) or absent"))));
            return;
        }
        Object name = payload.get("operationName");
        if (name != null && !(name instanceof String)) {
            send(operation("error", id, java.util.List.of(Map.of("message",
                    "'operationName' must be a string (the name of one operation in the query) or absent"))));
            return;
        }
        String operationName = (String) name;
        AtomicReference<TaskEventPublisher> source = new AtomicReference<>();
        ExecutionResult result = engine.execute(query, (Map<String, Object>) variables, operationName, identity,
                Map.of(SubscriptionFetchers.EXECUTOR, (java.util.concurrent.Executor) this::onContext,
                        SubscriptionFetchers.SOURCE, source));
        if (result.getData() instanceof Publisher<?> publisher) {
            if (PROJECTIONS.size() > 256) {
                PROJECTIONS.clear(); // bounded: clients send few distinct documents
            }
            TaskFeedProjection projection = source.get() == null || query.length() > GraphQLEngine.MAX_CACHED_DOCUMENT_CHARS
                    ? null
                    : PROJECTIONS.computeIfAbsent(query + "\u0000" + operationName,
                            k -> Optional.ofNullable(TaskFeedProjection.compile(query, operationName)))
                            .orElse(null);
            if (projection != null) {
                // plain selection of a task feed: render events directly, graphql-java's per-event execution is skipped
                subscribe(id, source.get(), projection::render);
            } else {
                subscribe(id, (Publisher<Object>) publisher, item -> ((ExecutionResult) item).toSpecification());
            }
        } else if (!result.getErrors().isEmpty() && result.getData() == null) {
            send(operation("error", id, result.toSpecification().get("errors")));
        } else {
            // a query or mutation over the socket: one result, then complete
            send(operation(legacy ? "data" : "next", id, result.toSpecification()));
            send(operation("complete", id, null));
        }
    }

    private void subscribe(String id, Publisher<Object> publisher, Function<Object, Map<String, Object>> render) {
        publisher.subscribe(new Subscriber<Object>() {
            @Override
            public void onSubscribe(Subscription s) {
                operations.put(id, s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Object item) {
                onContext(() -> send(operation(legacy ? "data" : "next", id, render.apply(item))));
            }

            @Override
            public void onError(Throwable t) {
                onContext(() -> {
                    operations.remove(id);
                    send(operation("error", id, java.util.List.of(Map.of("message", String.valueOf(t.getMessage())))));
                });
            }

            @Override
            public void onComplete() {
                onContext(() -> {
                    operations.remove(id);
                    send(operation("complete", id, null));
                });
            }
        });
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            guarded(action);
        } else {
            context.runOnContext(v -> guarded(action));
        }
    }

    /** The last resort of every handler: an unexpected failure closes the socket with 1011 and is logged once. */
    private void guarded(Runnable action) {
        try {
            action.run();
        } catch (Throwable e) {
            LastResort.log("the /graphql websocket", e);
            close(LastResort.INTERNAL_ERROR_CLOSE, "Internal error of the embedded server; see its log");
            if (e instanceof VirtualMachineError error && !(e instanceof StackOverflowError)) {
                throw error;
            }
        }
    }

    private void send(Map<String, Object> message) {
        if (!closed) {
            ws.writeTextMessage(Json.write(message));
        }
    }

    private static Map<String, Object> typed(String type) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        return message;
    }

    private static Map<String, Object> operation(String type, String id, Object payload) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("type", type);
        if (payload != null) {
            message.put("payload", payload);
        }
        return message;
    }

    private void close(int code, String reason) {
        if (!closed) {
            closed = true;
            cancelAll();
            ws.close((short) code, reason.length() > 120 ? reason.substring(0, 120) : reason);
        }
    }

    private void onClosed() {
        closed = true;
        vertx.cancelTimer(initTimer);
        cancelAll();
    }

    private void cancelAll() {
        operations.values().forEach(Subscription::cancel);
        operations.clear();
    }
}
