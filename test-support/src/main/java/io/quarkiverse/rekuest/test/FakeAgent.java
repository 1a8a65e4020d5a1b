package io.quarkiverse.rekuest.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkiverse.rekuest.test.wire.RawSocket;

/**
 * Another app, scripted: an agent with an identity (token) of its own that serves {@link FakeAction}s on a rekuest
 * server, speaking the {@code /agi} protocol as the real agents do (definitions through {@code ensureAgent} +
 * {@code implementAgent}, {@code REGISTER}, heartbeat answers, numbered reports). Code that calls other apps
 * ({@code @RekuestClient} interfaces, {@code Rekuest#use}) is tested against it as against the real other app.
 * <p>
 * It answers {@code CANCEL} with {@code CANCELLED} (unless the action {@link FakeAction#ignoringCancel ignores it}),
 * {@code INTERRUPT} with {@code INTERRUPTED}, {@code PAUSE} with {@code PAUSED} and {@code RESUME} with
 * {@code RESUMED}. It records every frame it receives.
 *
 * <pre>
 * try (FakeAgent other = FakeAgent.on(serverUrl, token)
 *         .serve(FakeAction.function("triple").arg("n", "INT").returns("INT").answer(42))
 *         .start()) {
 *     ... call it, then: other.assigned("triple")
 * }
 * </pre>
 */
public final class FakeAgent implements AutoCloseable {

    private final String serverUrl;
    private final String agiUrl;
    private final String token;
    private final Map<String, FakeAction> actions = new LinkedHashMap<>();
    private final List<JsonNode> received = new ArrayList<>();
    private final Map<String, String> interfaces = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    /** Tasks cancelled or interrupted: their later reports are not sent. */
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> seqs = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> init = new CompletableFuture<>();
    private final ScheduledExecutorService timer = Executors
            .newSingleThreadScheduledExecutor(r -> daemon(r, "fake-agent-timer"));
    /** Runs the behaviours and the reports, off the socket's thread. */
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "fake-agent"));
    private String name = "fake-agent";
    private RawSocket socket;
    private String agentId;
    /** A hung process: frames are ignored, nothing is sent, the connection stays open. */
    private volatile boolean frozen;

    private FakeAgent(String serverUrl, String agiUrl, String token) {
        this.serverUrl = strip(serverUrl);
        this.agiUrl = agiUrl != null ? agiUrl : this.serverUrl.replaceFirst("^http", "ws") + "/agi";
        this.token = Objects.requireNonNull(token, "token");
    }

    /** An agent on the server at {@code serverUrl} (its base URL) with the identity of {@code token}. */
    public static FakeAgent on(String serverUrl, String token) {
        return new FakeAgent(serverUrl, null, token);
    }

    /** Like {@link #on} with the {@code /agi} socket at another URL (a proxy that the test can cut). */
    public static FakeAgent on(String serverUrl, String agiUrl, String token) {
        return new FakeAgent(serverUrl, agiUrl, token);
    }

    /** Serves this action (call before {@link #start()}). */
    public FakeAgent serve(FakeAction action) {
        if (socket != null) {
            throw new IllegalStateException("serve(" + action.key() + ") after start(): declare every action first");
        }
        action.implementation(); // fails now when the action is incomplete
        actions.put(action.key(), action);
        return this;
    }

    /** Declares the actions ({@code ensureAgent} + {@code implementAgent}), then REGISTERs; returns once INIT came. */
    public FakeAgent start() {
        GraphQLCaller graphql = GraphQLCaller.ofServer(serverUrl, token);
        agentId = graphql.data("mutation($i: AgentInput!){ ensureAgent(input:$i){ id } }",
                Map.of("i", Map.of("name", name()))).get("ensureAgent").get("id").asText();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", name());
        input.put("implementations", actions.values().stream().map(FakeAction::implementation).toList());
        input.put("states", List.of());
        input.put("locks", List.of());
        graphql.data("mutation($i: ImplementAgentInput!){ implementAgent(input:$i){ id } }", Map.of("i", input));
        socket = RawSocket.connect(agiUrl, this::handle);
        send(frame("REGISTER", null, "token", token, "force", true, "session_id", UUID.randomUUID().toString()));
        try {
            init.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("FakeAgent got no INIT from " + agiUrl + " within 10 s; frames: "
                    + socket.history(), e);
        }
        return this;
    }

    /** The agent's id on the server. */
    public String agentId() {
        return agentId;
    }

    /** The agent's name on the server ({@code fake-agent} unless set with {@link #named}). */
    public String name() {
        return name;
    }

    /** Names the agent (call before {@link #start()}). */
    public FakeAgent named(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** The ASSIGN frames of {@code iface} received so far, in order. */
    public List<JsonNode> assigned(String iface) {
        return frames("ASSIGN", null).stream().filter(f -> iface.equals(f.path("interface").asText())).toList();
    }

    /** The arguments of every task of {@code iface} so far, in order. */
    public List<JsonNode> arguments(String iface) {
        return assigned(iface).stream().map(f -> f.path("args")).toList();
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

    /** Waits until {@code iface} has more than {@code before} ASSIGNs; the task id of the next one. */
    public String awaitAssign(String iface, int before, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> assigns = assigned(iface);
        while (assigns.size() <= before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No ASSIGN of " + iface + " within " + timeout + "; received: " + received());
            }
            GraphQLCaller.sleep(10);
            assigns = assigned(iface);
        }
        return assigns.get(before).get("task").asText();
    }

    /** Waits until a frame of {@code type} for {@code task} came; the first one. */
    public JsonNode await(String type, String task, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> found = frames(type, task);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No " + type + " for task " + task + " within " + timeout + "; received: "
                        + received());
            }
            GraphQLCaller.sleep(10);
        }
    }

    /** Everything received so far. */
    public synchronized List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** A task handle for reports sent by the test itself (e.g. for an action that {@link FakeAction#hang hangs}). */
    public FakeTask task(String taskId) {
        JsonNode assign = frames("ASSIGN", taskId).stream().findFirst()
                .orElseThrow(() -> new AssertionError("FakeAgent got no ASSIGN of task " + taskId));
        return new FakeTask(this, assign);
    }

    /**
     * Hangs like a stopped process (or a cut network): from now on nothing is answered or reported, heartbeat answers
     * included, frames that come are not recorded, and the connection is not closed, so the server notices only when
     * the agent goes stale. There is no way back: a frozen agent stays frozen until {@link #close()}.
     */
    public void freeze() {
        frozen = true;
    }

    /** Drops the connection without a close frame, like a crashed process. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        if (socket != null) {
            socket.close();
        }
    }

    // ------------------------------------------------------------------ internals

    boolean stopped(String task) {
        return stopped.contains(task);
    }

    void report(FakeTask task, String type, Object... fields) {
        if (stopped.contains(task.id())) {
            return;
        }
        send(frame(type, task.id(), fields));
    }

    void later(String task, long millis, Runnable work) {
        scheduled.put(task, timer.schedule(() -> {
            scheduled.remove(task);
            if (!stopped.contains(task)) {
                workers.execute(work);
            }
        }, millis, TimeUnit.MILLISECONDS));
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
                FakeAction action = actions.get(interfaces.getOrDefault(task, ""));
                if (action == null || !action.ignoresCancel()) {
                    stop(task, "CANCELLED");
                }
            }
            case "INTERRUPT" -> stop(task, "INTERRUPTED");
            case "PAUSE" -> workers.execute(() -> send(frame("PAUSED", task)));
            case "RESUME" -> workers.execute(() -> send(frame("RESUMED", task)));
            case "ASSIGN" -> {
                String iface = frame.path("interface").asText();
                interfaces.put(task, iface);
                FakeAction action = actions.get(iface);
                if (action == null) {
                    workers.execute(() -> send(frame("CRITICAL", task, "error", "FakeAgent serves no " + iface)));
                } else if (action.delay().isZero()) {
                    // not on the socket's thread: a behaviour may wait
                    workers.execute(() -> action.behaviour().accept(new FakeTask(this, frame)));
                } else {
                    later(task, action.delay().toMillis(), () -> action.behaviour().accept(new FakeTask(this, frame)));
                }
            }
            default -> {
            }
        }
    }

    private void stop(String task, String report) {
        if (!stopped.add(task)) {
            return;
        }
        ScheduledFuture<?> work = scheduled.remove(task);
        if (work != null) {
            work.cancel(false);
        }
        workers.execute(() -> send(frame(report, task)));
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

    private void send(Map<String, Object> frame) {
        if (frozen) {
            return;
        }
        try {
            socket.send(frame);
        } catch (RuntimeException e) {
            if (!socket.isClosed()) {
                throw new IllegalStateException("FakeAgent cannot send " + frame.get("type"), e);
            }
        }
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }
}
