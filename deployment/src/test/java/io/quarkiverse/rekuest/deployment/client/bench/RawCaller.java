package io.quarkiverse.rekuest.deployment.client.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * The raw path the proxy is compared with: what a minimal hand-written caller must do. GraphQL {@code assign} by action
 * id over HTTP/1.1 keep-alive (Vert.x), its response parsed with Jackson for the task id; ONE {@code mytasks}
 * subscription over {@code graphql-transport-ws}, each message parsed with Jackson and the YIELD's value checked.
 * Everything runs on one event loop of its own Vert.x; a call is done at its task's {@code COMPLETED} (which may come
 * before the assign response).
 * <p>
 * With {@link #connectAgentSocket()}, its identity also holds an agent socket (as the proxy's application, which is an
 * agent too): the server then sends it the {@code *_EVENT} mirrors of its tasks (§2.8), which are read and parsed as an
 * agent would, so that both paths pay for them.
 */
final class RawCaller implements AutoCloseable {

    static final String ASSIGN = "mutation($i: AssignInput!){ assign(input: $i){ id } }";
    static final String MYTASKS = "subscription { mytasks { event { id task kind returns message } } }";

    private final Context context;
    private final HttpClient http;
    private final WebSocketClient sockets;
    private final String host;
    private final int port;
    private final String token;
    private final String bodyPrefix;
    private final String bodySuffix;
    private WebSocket subscription;
    private WebSocket agentSocket;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> agentReady = new CompletableFuture<>();
    private final ObjectMapper mapper = new ObjectMapper();
    private long mirrors;

    // touched only on the context's event loop
    private final Map<String, Integer> callByTask = new HashMap<>();
    private final Map<String, Long> completedEarly = new HashMap<>();
    private Bench.Run run;

    RawCaller(Vertx vertx, String host, int port, String token, String actionId) {
        this.context = vertx.getOrCreateContext();
        this.host = host;
        this.port = port;
        this.token = token;
        this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
        this.sockets = vertx.createWebSocketClient();
        this.bodyPrefix = "{\"query\":\"" + ASSIGN + "\",\"variables\":{\"i\":{\"action\":\"" + actionId
                + "\",\"args\":{\"a\":2,\"b\":3},\"reference\":\"raw-";
        this.bodySuffix = "\",\"cached\":false,\"log\":false,\"capture\":false,\"ephemeral\":false}}}";
    }

    /** Opens the subscription; returns once a query sent after it on the same socket was answered. */
    void connect() throws Exception {
        context.runOnContext(v -> sockets.connect(new WebSocketConnectOptions().setHost(host).setPort(port)
                .setURI("/graphql").addSubProtocol("graphql-transport-ws"))
                .onFailure(ready::completeExceptionally)
                .onSuccess(ws -> {
                    subscription = ws;
                    ws.textMessageHandler(this::onFrame);
                    ws.writeTextMessage("{\"type\":\"connection_init\",\"payload\":{\"token\":\"" + token + "\"}}");
                }));
        ready.get(10, TimeUnit.SECONDS);
    }

    /**
     * Declares this identity as an agent ({@code ensureAgent}) and holds its {@code /agi} socket, REGISTERed; returns
     * once INIT came. Every frame it gets afterwards (the mirrors) is parsed and counted.
     */
    void connectAgentSocket() throws Exception {
        CompletableFuture<Void> ensured = new CompletableFuture<>();
        context.runOnContext(v -> http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/graphql")
                .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer " + token))
                .compose(request -> request.send(Buffer.buffer(
                        "{\"query\":\"mutation { ensureAgent(input: {name: \\\"raw\\\"}) { id } }\"}")))
                .compose(response -> response.body())
                .onSuccess(body -> ensured.complete(null)).onFailure(ensured::completeExceptionally));
        ensured.get(10, TimeUnit.SECONDS);
        context.runOnContext(v -> sockets.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/agi"))
                .onFailure(agentReady::completeExceptionally)
                .onSuccess(ws -> {
                    agentSocket = ws;
                    ws.textMessageHandler(this::onAgentFrame);
                    ws.writeTextMessage("{\"type\":\"REGISTER\",\"token\":\"" + token
                            + "\",\"force\":true,\"session_id\":\"raw-caller\"}");
                }));
        agentReady.get(10, TimeUnit.SECONDS);
    }

    private void onAgentFrame(String text) {
        try {
            JsonNode frame = mapper.readTree(text);
            String type = frame.path("type").asText();
            if ("INIT".equals(type)) {
                agentReady.complete(null);
            } else if ("HEARTBEAT".equals(type)) {
                agentSocket.writeTextMessage("{\"type\":\"HEARTBEAT_ANSWER\",\"id\":\"" + frame.path("id").asText() + "\"}");
            } else if (type.endsWith("_EVENT")) {
                mirrors++;
            }
        } catch (Exception e) {
            agentReady.completeExceptionally(e);
        }
    }

    /** How many mirrors the agent socket got (0 without {@link #connectAgentSocket()}). */
    long mirrors() {
        CompletableFuture<Long> count = new CompletableFuture<>();
        context.runOnContext(v -> count.complete(mirrors));
        return count.join();
    }

    void run(Bench.Run r) {
        context.runOnContext(v -> {
            run = r;
            r.start();
            for (int i = 0; i < r.concurrency; i++) {
                launch();
            }
        });
    }

    private void launch() {
        Bench.Run r = run;
        int call = r.next();
        if (call < 0) {
            return;
        }
        String body = bodyPrefix + call + bodySuffix;
        http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/graphql")
                .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer " + token))
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture("HTTP " + response.statusCode()))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        r.fail(ar.cause());
                        return;
                    }
                    JsonNode response;
                    try {
                        response = mapper.readTree(ar.result().getBytes());
                    } catch (Exception e) {
                        r.fail(e);
                        return;
                    }
                    String task = response.path("data").path("assign").path("id").textValue();
                    if (task == null || response.has("errors")) {
                        r.fail(new IllegalStateException("assign answered " + response));
                        return;
                    }
                    Long early = completedEarly.remove(task);
                    if (early != null) {
                        done(call, early);
                    } else {
                        callByTask.put(task, call);
                    }
                });
    }

    private void onFrame(String text) {
        long now = System.nanoTime();
        JsonNode message;
        try {
            message = mapper.readTree(text);
        } catch (Exception e) {
            run.fail(e);
            return;
        }
        String type = message.path("type").asText();
        if ("next".equals(type)) {
            if ("barrier".equals(message.path("id").asText())) {
                ready.complete(null);
                return;
            }
            JsonNode event = message.path("payload").path("data").path("mytasks").path("event");
            if (event.isMissingNode()) {
                return;
            }
            String kind = event.path("kind").asText();
            if ("YIELD".equals(kind) && event.path("returns").path("return0").asInt() != 5) {
                run.fail(new IllegalStateException("2 + 3 = " + event.path("returns")));
            } else if ("COMPLETED".equals(kind)) {
                String task = event.path("task").asText();
                Integer call = callByTask.remove(task);
                if (call == null) {
                    completedEarly.put(task, now);
                } else {
                    done(call, now);
                }
            } else if ("FAILED".equals(kind) || "CRITICAL".equals(kind)) {
                run.fail(new IllegalStateException("a task ended " + kind + ": " + message));
            }
        } else if ("connection_ack".equals(type)) {
            subscription.writeTextMessage("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"" + MYTASKS + "\"}}");
            subscription.writeTextMessage(
                    "{\"id\":\"barrier\",\"type\":\"subscribe\",\"payload\":{\"query\":\"query { __typename }\"}}");
        } else if ("ping".equals(type)) {
            subscription.writeTextMessage("{\"type\":\"pong\"}");
        }
    }

    private void done(int call, long nowNanos) {
        if (run.done(call, nowNanos)) {
            launch();
        }
    }

    /** Per-call entries still held (both must be empty after a run). */
    int leftovers() {
        CompletableFuture<Integer> size = new CompletableFuture<>();
        context.runOnContext(v -> size.complete(callByTask.size() + completedEarly.size()));
        return size.join();
    }

    @Override
    public void close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (subscription != null) {
                subscription.close();
            }
            if (agentSocket != null) {
                agentSocket.close();
            }
            http.close().onComplete(x -> closed.complete(null));
        });
        closed.orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
    }
}
