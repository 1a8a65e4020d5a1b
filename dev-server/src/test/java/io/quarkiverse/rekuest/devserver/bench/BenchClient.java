package io.quarkiverse.rekuest.devserver.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
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
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * The load generator, identical for the dev server and the transport floor: a caller that POSTs {@code assign} by
 * action id over HTTP/1.1 keep-alive connections, ONE {@code mytasks} subscription over {@code graphql-transport-ws},
 * and a minimal raw agent on {@code /agi} (REGISTER; HEARTBEAT → HEARTBEAT_ANSWER; ASSIGN → YIELD
 * {@code {"return0": 5}} then COMPLETED). A task is done when its COMPLETED event arrives on the subscription; its
 * latency runs from just before the assign request is written to that moment.
 * <p>
 * Everything runs on one event loop of the client's own Vert.x instance (threads named {@code bench-client-*}), so
 * the client needs no locks and its CPU time is never counted as the server's. Frames are read by plain string
 * scanning (no JSON parser) to keep the client's share of the two cores small; the scanning is strict and any frame
 * it does not understand fails the run.
 */
final class BenchClient implements AutoCloseable {

    static final String ASSIGN = "mutation($i: AssignInput!){ assign(input:$i){ id reference latestEventKind latestInstructKind isDone } }";
    /** The Python client's {@code WatchMyTasks} document (§1.6). */
    static final String MYTASKS = "subscription WatchMyTasks { mytasks { create { id reference isDone latestEventKind "
            + "latestInstructKind statusMessage action implementation agent root parent createdAt updatedAt finishedAt } "
            + "event { id task kind returns message progress createdAt } } }";

    /** The frames whose sizes are reported, so that the floor can be checked against the dev server. */
    enum Frame {
        ASSIGN_REQUEST("POST /graphql assign (request body)"),
        ASSIGN_RESPONSE("POST /graphql assign (response body)"),
        ASSIGN("/agi ASSIGN"),
        YIELD("/agi YIELD (agent)"),
        COMPLETED("/agi COMPLETED (agent)"),
        EVENT_ACK("/agi EVENT_ACK"),
        NEXT_CREATE("/graphql next: create"),
        NEXT_YIELD("/graphql next: event YIELD"),
        NEXT_COMPLETED("/graphql next: event COMPLETED");

        final String label;

        Frame(String label) {
            this.label = label;
        }
    }

    private static final int SLOTS = 1 << 16;
    private static final String SUBSCRIPTION_ID = "1";

    private final Vertx vertx;
    private final Context context;
    private final HttpClient http;
    private final WebSocketClient sockets;
    private final String host;
    private final int port;
    private final String agentToken;
    private final String callerToken;
    private final String bodyPrefix;
    private final String bodySuffix;

    private final boolean rawAgent;
    private WebSocket agent;
    private WebSocket subscription;
    private final CompletableFuture<Void> agentReady = new CompletableFuture<>();
    private final CompletableFuture<Void> subscriptionReady = new CompletableFuture<>();

    // ---- state below is touched only on the client's event loop
    private long referenceSeq;
    private long frameSeq;
    private final long[] startNanosBySlot = new long[SLOTS];
    private final Map<String, Long> referenceByTask = new HashMap<>();
    private final Map<String, Long> completedBeforeCreate = new HashMap<>();
    private Run run;
    /** Last seen size (chars = bytes, the frames are ASCII) and text of each frame kind. */
    final int[] sizes = new int[Frame.values().length];
    final String[] samples = new String[Frame.values().length];
    long eventAcks;
    long heartbeats;

    BenchClient(Vertx vertx, String host, int port, String agentToken, String callerToken, String actionId) {
        this(vertx, host, port, agentToken, callerToken, actionId, true);
    }

    /**
     * @param rawAgent whether this client also serves the tasks with its minimal raw agent; {@code false} when another
     *        process serves them (the {@link AgentBench}'s Quarkus application)
     */
    BenchClient(Vertx vertx, String host, int port, String agentToken, String callerToken, String actionId,
            boolean rawAgent) {
        this.rawAgent = rawAgent;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.host = host;
        this.port = port;
        this.agentToken = agentToken;
        this.callerToken = callerToken;
        this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
                .setKeepAlive(true).setPipelining(false), new PoolOptions().setHttp1MaxSize(256));
        this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 22));
        this.bodyPrefix = "{\"query\":\"" + ASSIGN + "\",\"variables\":{\"i\":{\"action\":\"" + actionId
                + "\",\"args\":{\"a\":2,\"b\":3},\"reference\":\"bench-";
        this.bodySuffix = "\",\"cached\":false,\"log\":false,\"capture\":false,\"ephemeral\":false}}}";
    }

    /** Connects the agent (REGISTER → INIT) and the subscription (connection_init → ack → subscribe). */
    void connect() throws Exception {
        if (!rawAgent) {
            agentReady.complete(null);
        }
        context.runOnContext(v -> {
            if (rawAgent) {
                connectAgent();
            }
            sockets.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/graphql")
                    .addSubProtocol("graphql-transport-ws"))
                    .onFailure(subscriptionReady::completeExceptionally)
                    .onSuccess(ws -> {
                        subscription = ws;
                        ws.textMessageHandler(this::onSubscriptionFrame);
                        ws.closeHandler(x -> fail("the /graphql socket closed (code " + ws.closeStatusCode() + ", "
                                + ws.closeReason() + ")"));
                        ws.writeTextMessage("{\"type\":\"connection_init\",\"payload\":{\"token\":\"" + callerToken + "\"}}");
                    });
        });
        agentReady.get(10, TimeUnit.SECONDS);
        subscriptionReady.get(10, TimeUnit.SECONDS);
    }

    private void connectAgent() {
        sockets.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/agi"))
                .onFailure(agentReady::completeExceptionally)
                .onSuccess(ws -> {
                    agent = ws;
                    ws.textMessageHandler(this::onAgentFrame);
                    ws.closeHandler(x -> fail("the /agi socket closed (code " + ws.closeStatusCode() + ", "
                            + ws.closeReason() + ")"));
                    ws.writeTextMessage("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"REGISTER\",\"token\":\""
                            + agentToken + "\",\"force\":false,\"session_id\":\"" + UUID.randomUUID() + "\"}");
                });
    }

    /** Runs {@code tasks} tasks keeping {@code concurrency} in flight; blocks until all are done. */
    Run run(int tasks, int concurrency, long timeoutSeconds) throws Exception {
        Run r = new Run(tasks, concurrency);
        context.runOnContext(v -> {
            run = r;
            r.startNanos = System.nanoTime();
            launch();
        });
        try {
            return r.finished.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("run stalled: " + r.done + " of " + tasks + " done, " + r.inFlight
                    + " in flight after " + timeoutSeconds + " s");
        }
    }

    // ------------------------------------------------------------------ caller side

    private void launch() {
        Run r = run;
        while (r.inFlight < r.concurrency && r.sent < r.tasks && !r.finished.isDone()) {
            r.sent++;
            r.inFlight++;
            long reference = ++referenceSeq;
            startNanosBySlot[(int) (reference & (SLOTS - 1))] = System.nanoTime();
            String body = bodyPrefix + reference + bodySuffix;
            sizes[Frame.ASSIGN_REQUEST.ordinal()] = body.length();
            samples[Frame.ASSIGN_REQUEST.ordinal()] = body;
            http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/graphql")
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Authorization", "Bearer " + callerToken))
                    .compose(request -> request.send(Buffer.buffer(body)))
                    .compose(response -> response.statusCode() == 200 ? response.body()
                            : Future.failedFuture("HTTP " + response.statusCode()))
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            fail("assign failed: " + ar.cause());
                            return;
                        }
                        String text = ar.result().toString();
                        sizes[Frame.ASSIGN_RESPONSE.ordinal()] = text.length();
                        samples[Frame.ASSIGN_RESPONSE.ordinal()] = text;
                        if (text.contains("\"errors\"") || !text.startsWith("{\"data\":{\"assign\":{\"id\":\"")) {
                            fail("assign answered with an error: " + text);
                        }
                    });
        }
    }

    private void onSubscriptionFrame(String text) {
        long now = System.nanoTime();
        String type = stringAfter(text, 0, "\"type\":\"");
        if ("next".equals(type)) {
            int create = text.indexOf("\"create\":{");
            if (create >= 0) {
                String task = stringAfter(text, create, "\"id\":\"");
                String reference = stringAfter(text, create, "\"reference\":\"bench-");
                if (task == null || reference == null) {
                    fail("cannot read a create frame: " + text);
                    return;
                }
                record(Frame.NEXT_CREATE, text);
                long ref = Long.parseLong(reference);
                Long early = completedBeforeCreate.remove(task);
                if (early != null) {
                    done(ref, early);
                } else {
                    referenceByTask.put(task, ref);
                }
                return;
            }
            int event = text.indexOf("\"event\":{");
            String task = event < 0 ? null : stringAfter(text, event, "\"task\":\"");
            String kind = event < 0 ? null : stringAfter(text, event, "\"kind\":\"");
            if (task == null || kind == null) {
                fail("cannot read an event frame: " + text);
                return;
            }
            if ("COMPLETED".equals(kind)) {
                record(Frame.NEXT_COMPLETED, text);
                Long ref = referenceByTask.remove(task);
                if (ref == null) {
                    completedBeforeCreate.put(task, now); // not seen with this document, but harmless
                } else {
                    done(ref, now);
                }
            } else if ("YIELD".equals(kind)) {
                record(Frame.NEXT_YIELD, text);
            } else if ("FAILED".equals(kind) || "CRITICAL".equals(kind)) {
                fail("task " + task + " ended " + kind + ": " + text);
            }
        } else if ("connection_ack".equals(type)) {
            subscription.writeTextMessage("{\"id\":\"" + SUBSCRIPTION_ID + "\",\"type\":\"subscribe\",\"payload\":{\"query\":\""
                    + MYTASKS + "\"}}");
            // the server registers the subscription while handling that frame; the first run's first task shows it
            subscriptionReady.complete(null);
        } else if ("ping".equals(type)) {
            subscription.writeTextMessage("{\"type\":\"pong\"}");
        } else if (!"pong".equals(type)) {
            fail("unexpected subscription frame: " + text);
        }
    }

    private void done(long reference, long nowNanos) {
        Run r = run;
        if (r == null || r.finished.isDone()) {
            return;
        }
        r.latencies[r.done++] = nowNanos - startNanosBySlot[(int) (reference & (SLOTS - 1))];
        r.inFlight--;
        if (r.done == r.tasks) {
            r.endNanos = nowNanos;
            r.finished.complete(r);
        } else {
            launch();
        }
    }

    // ------------------------------------------------------------------ agent side

    private void onAgentFrame(String text) {
        String type = stringAfter(text, 0, "\"type\":\"");
        if ("ASSIGN".equals(type)) {
            record(Frame.ASSIGN, text);
            String task = stringAfter(text, 0, "\"task\":\"");
            String yield = "{\"id\":\"" + frameId() + "\",\"type\":\"YIELD\",\"seq\":1,\"task\":\"" + task
                    + "\",\"returns\":{\"return0\":5}}";
            String completed = "{\"id\":\"" + frameId() + "\",\"type\":\"COMPLETED\",\"seq\":2,\"task\":\"" + task + "\"}";
            record(Frame.YIELD, yield);
            record(Frame.COMPLETED, completed);
            agent.writeTextMessage(yield);
            agent.writeTextMessage(completed);
        } else if ("EVENT_ACK".equals(type)) {
            record(Frame.EVENT_ACK, text);
            eventAcks++;
        } else if ("HEARTBEAT".equals(type)) {
            heartbeats++;
            agent.writeTextMessage("{\"id\":\"" + frameId() + "\",\"type\":\"HEARTBEAT_ANSWER\"}");
        } else if ("INIT".equals(type)) {
            agentReady.complete(null);
        } else {
            fail("unexpected /agi frame: " + text);
        }
    }

    /** A uuid-shaped (36 character) frame id, cheaper than {@link UUID#randomUUID()}. */
    private String frameId() {
        String n = Long.toString(++frameSeq);
        return "00000000-0000-4000-8000-000000000000".substring(0, 36 - n.length()) + n;
    }

    private void record(Frame frame, String text) {
        sizes[frame.ordinal()] = text.length();
        samples[frame.ordinal()] = text;
    }

    private void fail(String why) {
        Run r = run;
        if (r != null && !r.finished.isDone()) {
            r.finished.completeExceptionally(new IllegalStateException(why));
        }
        agentReady.completeExceptionally(new IllegalStateException(why));
        subscriptionReady.completeExceptionally(new IllegalStateException(why));
    }

    /** The JSON string value that follows {@code key} (which ends with the opening quote), or null. */
    private static String stringAfter(String text, int from, String key) {
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
            run = null;
            if (agent != null) {
                agent.closeHandler(null);
                agent.close();
            }
            if (subscription != null) {
                subscription.closeHandler(null);
                subscription.close();
            }
            http.close().onComplete(x -> closed.complete(null));
        });
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort
        }
    }

    /** One closed-loop run. */
    static final class Run {
        final int tasks;
        final int concurrency;
        final long[] latencies;
        final CompletableFuture<Run> finished = new CompletableFuture<>();
        int sent;
        int done;
        int inFlight;
        long startNanos;
        long endNanos;

        Run(int tasks, int concurrency) {
            this.tasks = tasks;
            this.concurrency = concurrency;
            this.latencies = new long[tasks];
        }

        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        double tasksPerSecond() {
            return tasks / seconds();
        }

        /** The latency at a quantile, in nanoseconds (nearest rank). */
        long percentile(double q) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
        }
    }
}
