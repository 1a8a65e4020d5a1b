package io.quarkiverse.rekuest.deployment.client.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * The raw path the proxy is compared with: GraphQL {@code assign} by action id over HTTP/1.1 keep-alive (Vert.x), and
 * ONE {@code mytasks} subscription over {@code graphql-transport-ws} read by string scanning. Everything runs on one
 * event loop of its own Vert.x; a call is done at its task's {@code COMPLETED} (which may come before the assign
 * response).
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
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

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
                    String text = ar.result().toString();
                    String task = after(text, 0, "\"id\":\"");
                    if (task == null || text.contains("\"errors\"")) {
                        r.fail(new IllegalStateException("assign answered " + text));
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
        String type = after(text, 0, "\"type\":\"");
        if ("next".equals(type)) {
            if (text.startsWith("{\"id\":\"barrier\"") || text.contains("\"__typename\"")) {
                ready.complete(null);
                return;
            }
            int event = text.indexOf("\"event\":{");
            if (event < 0) {
                return;
            }
            String kind = after(text, event, "\"kind\":\"");
            if ("COMPLETED".equals(kind)) {
                String task = after(text, event, "\"task\":\"");
                Integer call = callByTask.remove(task);
                if (call == null) {
                    completedEarly.put(task, now);
                } else {
                    done(call, now);
                }
            } else if ("FAILED".equals(kind) || "CRITICAL".equals(kind)) {
                run.fail(new IllegalStateException("a task ended " + kind + ": " + text));
            }
        } else if ("connection_ack".equals(type)) {
            subscription.writeTextMessage("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"" + MYTASKS + "\"}}");
            subscription.writeTextMessage("{\"id\":\"barrier\",\"type\":\"subscribe\",\"payload\":{\"query\":\"query { __typename }\"}}");
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

    private static String after(String text, int from, String key) {
        int start = text.indexOf(key, from);
        if (start < 0) {
            return null;
        }
        start += key.length();
        int end = text.indexOf('"', start);
        return end < 0 ? null : text.substring(start, end);
    }

    @Override
    public void close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (subscription != null) {
                subscription.close();
            }
            http.close().onComplete(x -> closed.complete(null));
        });
        closed.orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
    }
}
