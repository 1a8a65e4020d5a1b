package io.quarkiverse.rekuest.runtime.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.AssignedTask;
import io.quarkiverse.rekuest.RemoteCallException;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkiverse.rekuest.runtime.agent.CallerFrameHandler;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

/**
 * The caller side of the application: resolves actions, assigns tasks (over GraphQL, or over the agent socket for
 * calls made inside a running node, §2.8), follows their events through the one {@code mytasks} subscription and the
 * agent socket's mirrors, and cancels them. Used by the generated {@code @RekuestClient} proxies and the
 * {@code Rekuest} bean.
 */
@Singleton
public class RekuestCaller implements CallerFrameHandler {

    private static final Logger LOG = Logger.getLogger(RekuestCaller.class);

    static final String ASSIGN = "mutation RekuestAssign($input: AssignInput!) { assign(input: $input) { id } }";
    static final String CANCEL = "mutation RekuestCancel($input: CancelInput!) { cancel(input: $input) { id } }";
    static final String INTERRUPT = "mutation RekuestInterrupt($input: InterruptInput!) { interrupt(input: $input) { id } }";
    static final String PAUSE = "mutation RekuestPause($input: PauseInput!) { pause(input: $input) { id } }";
    static final String RESUME = "mutation RekuestResume($input: ResumeInput!) { resume(input: $input) { id } }";
    static final String TASK_EVENTS = "query RekuestTaskEvents($id: ID!) { task(id: $id) { id events { id kind returns message progress } } }";

    private final RekuestConfig config;
    private final RekuestConnection connection;
    private final Vertx vertx;
    private final Instance<RekuestAgent> agent;
    private final RekuestEvents events;

    /** Calls in flight, by the task that made them (nested calls), to cancel them with it. */
    private final Map<String, Set<RemoteTask>> children = new ConcurrentHashMap<>();
    private final Set<RemoteTask> open = ConcurrentHashMap.newKeySet();
    /** ASSIGN_REQUESTs sent on the agent socket, by frame id. */
    private final Map<String, UniEmitter<? super String>> assignRequests = new ConcurrentHashMap<>();

    private volatile Wiring wiring;

    private record Wiring(CallerGraphQL graphql, Resolver resolver, TaskFeed feed) {
    }

    public RekuestCaller(RekuestConfig config, RekuestConnection connection, Vertx vertx, Instance<RekuestAgent> agent,
            Instance<RekuestEvents> observers) {
        this.config = config;
        this.connection = connection;
        this.vertx = vertx;
        this.agent = agent;
        this.events = RekuestEvents.of(observers);
    }

    /** The observer of calls (metrics), or {@link RekuestEvents#NONE}. */
    RekuestEvents events() {
        return events;
    }

    // =================================================================== calls

    /** The results of a call: one item per YIELD, completed by COMPLETED. {@code null} results are skipped. */
    Multi<Object> stream(CallRequest request) {
        return Multi.createFrom().<Object> emitter(emitter -> new RemoteTask(this, request, CallSink.of(emitter)).start())
                .filter(item -> item != RemoteTask.NullItem.INSTANCE);
    }

    /** The result of a call: its last YIELD, or {@code null}. */
    Uni<Object> call(CallRequest request) {
        return Uni.createFrom().emitter(emitter -> new RemoteTask(this, request, CallSink.last(emitter)).start());
    }

    /**
     * Waits for {@code uni} on a thread that may block.
     *
     * @throws IllegalStateException on the event loop
     */
    static Object await(Uni<Object> uni, String description) {
        if (!BlockingOperationControl.isBlockingAllowed()) {
            throw new IllegalStateException(description + " is a blocking call, but it was made on the event loop ("
                    + Thread.currentThread().getName() + "), which must not block. Declare the method as returning "
                    + "Uni<T> or CompletionStage<T>, or call it from a worker or virtual thread (@Blocking, "
                    + "@RunOnVirtualThread).");
        }
        CompletableFuture<Object> future = uni.subscribeAsCompletionStage();
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException(description + " was interrupted; its task is cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new RemoteCallException(description + " failed: " + cause, null, cause);
        }
    }

    // =================================================================== assignment

    Uni<String> assignViaGraphQL(Resolver.Resolved resolved, ObjectNode args, String reference, String parent) {
        return wiring().graphql().execute(ASSIGN, assignVariables(resolved, args, reference, parent))
                .map(data -> data.get("assign").get("id").asText());
    }

    /** The variables of {@link #ASSIGN}: by implementation when resolved so, else by action id. */
    static ObjectNode assignVariables(Resolver.Resolved resolved, ObjectNode args, String reference, String parent) {
        ObjectNode variables = CallerGraphQL.MAPPER.createObjectNode();
        ObjectNode input = variables.putObject("input");
        if (resolved.implementationId() != null) {
            input.put("implementation", resolved.implementationId());
        } else {
            input.put("action", resolved.actionId());
        }
        input.set("args", args);
        input.put("reference", reference);
        if (parent != null) {
            input.put("parent", parent);
        }
        input.put("cached", false);
        input.put("log", false);
        input.put("capture", false);
        input.put("ephemeral", false);
        return variables;
    }

    /** {@code ASSIGN_REQUEST} on the agent socket, answered by {@code ASSIGN_RESPONSE} (§2.8). */
    Uni<String> assignViaAgent(Resolver.Resolved resolved, ObjectNode args, String reference, String parent) {
        ObjectNode frame = CallerGraphQL.MAPPER.createObjectNode();
        String id = randomId();
        frame.put("id", id);
        frame.put("type", "ASSIGN_REQUEST");
        frame.put("reference", reference);
        frame.set("args", args);
        if (resolved.implementationId() != null) {
            frame.put("implementation", resolved.implementationId());
        } else {
            frame.put("action", resolved.actionId());
        }
        frame.put("parent", parent);
        Duration timeout = config.client().assignTimeout();
        return Uni.createFrom().<String> emitter(emitter -> {
            assignRequests.put(id, emitter);
            if (!agent.get().sendCallerFrame(frame)) {
                assignRequests.remove(id);
                emitter.fail(new RemoteCallException("The agent socket is not connected; cannot assign a nested call",
                        null, null));
                return;
            }
            awaitAssignResponse(id, timeout, timeout.toMillis(),
                    System.nanoTime() + MAX_ASSIGN_WAIT_FACTOR * timeout.toNanos());
        });
    }

    /** However long the agent is away, a nested call gives up on its ASSIGN_RESPONSE after this many timeouts. */
    private static final int MAX_ASSIGN_WAIT_FACTOR = 10;

    /**
     * Fails the nested assign when its response has not come within {@code timeout} of the request being written to a
     * live connection. Time the agent spends reconnecting does not count (the outbox sends the request again after a
     * reconnect), up to {@link #MAX_ASSIGN_WAIT_FACTOR} timeouts in all.
     */
    private void awaitAssignResponse(String id, Duration timeout, long delayMillis, long giveUpAt) {
        vertx.setTimer(Math.max(1, delayMillis), t -> {
            UniEmitter<? super String> emitter = assignRequests.get(id);
            if (emitter == null) {
                return;
            }
            long sentAgo = agent.get().callerFrameSentAgo(id);
            long now = System.nanoTime();
            if (now < giveUpAt && (sentAgo < 0 || sentAgo < timeout.toNanos())) {
                long left = sentAgo < 0 ? timeout.toNanos() : timeout.toNanos() - sentAgo;
                awaitAssignResponse(id, timeout, Math.max(1, left / 1_000_000), giveUpAt);
                return;
            }
            if (assignRequests.remove(id) != null) {
                emitter.fail(new RemoteCallException("No ASSIGN_RESPONSE within " + timeout
                        + " of sending the nested assign" + (now >= giveUpAt ? " (the agent was away too long)" : ""),
                        null, null));
            }
        });
    }

    /** What a caller can ask of a task it assigned: the mutation, and the agent socket frame for nested calls. */
    enum Control {
        CANCEL(RekuestCaller.CANCEL, "CANCEL_REQUEST"),
        INTERRUPT(RekuestCaller.INTERRUPT, "INTERRUPT_REQUEST"),
        PAUSE(RekuestCaller.PAUSE, null),
        RESUME(RekuestCaller.RESUME, null);

        final String mutation;
        /** The frame that asks the same on the agent socket, or {@code null} when only GraphQL can. */
        final String frameType;

        Control(String mutation, String frameType) {
            this.mutation = mutation;
            this.frameType = frameType;
        }
    }

    void cancel(String task, boolean viaAgent) {
        controlAndForget(task, viaAgent, Control.CANCEL);
    }

    void interrupt(String task, boolean viaAgent) {
        controlAndForget(task, viaAgent, Control.INTERRUPT);
    }

    private void controlAndForget(String task, boolean viaAgent, Control control) {
        control(task, viaAgent, control).subscribe().with(ok -> {
        }, failure -> LOG.debugf("%s of task %s: %s", control, task, failure.getMessage()));
    }

    /**
     * Asks {@code control} of {@code task}: on the agent socket when the task was assigned there (a nested call, whose
     * controls the server expects on the same socket, §2.8) and the socket is up, else with the GraphQL mutation.
     * Completes when the frame was queued or the mutation answered; fails with the server's error.
     */
    Uni<Void> control(String task, boolean viaAgent, Control control) {
        if (viaAgent && control.frameType != null && agentConnected()) {
            ObjectNode frame = CallerGraphQL.MAPPER.createObjectNode();
            frame.put("id", randomId());
            frame.put("type", control.frameType);
            frame.put("task", task);
            if (agent.get().sendCallerFrame(frame)) {
                return Uni.createFrom().voidItem();
            }
        }
        return wired().flatMap(ignored -> wiring().graphql().execute(control.mutation, controlVariables(task)))
                .replaceWithVoid();
    }

    /** Assigns {@code request} and hands back a handle on its task (see {@link WatchedTask}). */
    Uni<AssignedTask> assign(CallRequest request) {
        return WatchedTask.assign(this, request);
    }

    /**
     * A random (version 4) UUID string for references and frame ids: unguessability is not needed, so
     * {@code ThreadLocalRandom} instead of {@link java.util.UUID#randomUUID()}'s shared {@code SecureRandom}.
     */
    static String randomId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return new java.util.UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    /** The variables of {@link #CANCEL}, {@link #INTERRUPT}, {@link #PAUSE} and {@link #RESUME}. */
    static ObjectNode controlVariables(String task) {
        ObjectNode variables = CallerGraphQL.MAPPER.createObjectNode();
        variables.putObject("input").put("task", task);
        return variables;
    }

    Uni<JsonNode> taskEvents(String task) {
        return wiring().graphql().execute(TASK_EVENTS, taskEventsVariables(task)).map(data -> data.path("task").path("events"));
    }

    /** The variables of {@link #TASK_EVENTS}. */
    static ObjectNode taskEventsVariables(String task) {
        ObjectNode variables = CallerGraphQL.MAPPER.createObjectNode();
        variables.put("id", task);
        return variables;
    }

    /** Every GraphQL document the caller side sends (for the conformance test against the reference SDL). */
    static List<String> documents() {
        return List.of(ASSIGN, CANCEL, INTERRUPT, PAUSE, RESUME, TASK_EVENTS, Resolver.MATCH, Resolver.BY_HASH, Resolver.SEARCH,
                Resolver.AT, TaskFeed.MYTASKS, TaskFeed.BARRIER);
    }

    /**
     * Whether {@code target} is an action this application serves itself (same key, no other app named): a server
     * that finds no live implementation of it only lost track of this application's agent for a while.
     */
    boolean servedByThisApp(Target target) {
        return agent.isResolvable() && target.agent().isEmpty() && !target.key().isEmpty()
                && agent.get().servesAction(target.key());
    }

    Duration assignTimeout() {
        return config.client().assignTimeout();
    }

    boolean agentConnected() {
        return agent.isResolvable() && agent.get().isConnected();
    }

    // =================================================================== nested calls

    void track(RemoteTask task) {
        open.add(task);
        if (task.parent() != null) {
            children.computeIfAbsent(task.parent(), p -> ConcurrentHashMap.newKeySet()).add(task);
        }
    }

    void untrack(RemoteTask task) {
        open.remove(task);
        if (task.parent() != null) {
            children.computeIfPresent(task.parent(), (p, set) -> {
                set.remove(task);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** The number of calls in flight (for tests: no per-call state is left behind). */
    public int openCalls() {
        return open.size();
    }

    /**
     * The sizes of every per-call structure (calls in flight, nested calls by parent, pending {@code ASSIGN_REQUEST}s,
     * feed listeners by task, early events kept for unknown tasks), and of the resolution cache (one entry per
     * target): for tests and the benchmark, to show that finished calls leave nothing behind.
     */
    public Map<String, Integer> stateSizes() {
        Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
        sizes.put("open calls", open.size());
        sizes.put("children by parent", children.size());
        sizes.put("assign requests", assignRequests.size());
        Wiring current = wiring;
        sizes.put("feed listeners", current == null ? 0 : current.feed().listeners());
        sizes.put("early events", current == null ? 0 : current.feed().earlyTasks());
        sizes.put("resolutions (cache)", current == null ? 0 : current.resolver().cached());
        return sizes;
    }

    @Override
    public void onTaskStopping(String taskId) {
        Set<RemoteTask> calls = children.remove(taskId);
        if (calls != null) {
            for (RemoteTask call : calls) {
                call.abandon(RemoteTask.parentCancelled(taskId));
            }
        }
    }

    /** Calls that follow their tasks through mirrors look at them: mirrors sent while the socket was down are lost. */
    @Override
    public void onAgentReconnected() {
        for (RemoteTask call : open) {
            if (call.acceptsMirrors()) {
                call.reconcile();
            }
        }
    }

    /** Reads the stored events of {@code task} for the call that follows it. */
    private void reconcile(String task) {
        for (RemoteTask call : open) {
            if (task.equals(call.taskId())) {
                call.reconcile();
            }
        }
    }

    @Override
    public void onCallerFrame(JsonNode frame) {
        String type = TaskEvent.text(frame, "type");
        if ("ASSIGN_RESPONSE".equals(type)) {
            String request = TaskEvent.text(frame, "request");
            UniEmitter<? super String> emitter = request == null ? null : assignRequests.remove(request);
            if (emitter == null) {
                return;
            }
            String task = TaskEvent.text(frame, "task");
            if (task != null) {
                emitter.complete(task);
                if (!frame.path("created").asBoolean(true)) {
                    // the request was sent again after a reconnect and the server had made the task already: it may
                    // have run meanwhile, and the mirrors of its events gone to the lost connection
                    vertx.runOnContext(v -> reconcile(task));
                }
            } else {
                String error = TaskEvent.text(frame, "error");
                emitter.fail(new CallerGraphQL.GraphQLCallException(error == null ? "ASSIGN_REQUEST refused" : error));
            }
        } else if ("CONTROL_RESPONSE".equals(type)) {
            if (!frame.path("accepted").asBoolean(true)) {
                LOG.debugf("Control of task %s refused: %s", TaskEvent.text(frame, "task"), TaskEvent.text(frame, "error"));
            }
        } else {
            TaskEvent event = TaskEvent.ofMirror(frame);
            if (event != null) {
                wiring().feed().routeMirror(event, !assignRequests.isEmpty());
            }
        }
    }

    // =================================================================== wiring

    Vertx vertx() {
        return vertx;
    }

    RekuestConfig.Client config() {
        return config.client();
    }

    Resolver resolver() {
        return wiring().resolver();
    }

    /** The completed resolution of {@code target} once wired, else {@code null} (then resolve through {@link #wired}). */
    Resolver.Resolved resolvedNow(Target target, ActionDefinition definition) {
        Wiring current = wiring;
        return current == null ? null : current.resolver().resolvedNow(target, definition);
    }

    TaskFeed feed() {
        return wiring().feed();
    }

    /** Drops the subscription as a network failure would (for tests). */
    public void dropSubscriptionForTesting() {
        feed().dropForTesting();
    }

    /**
     * Completes once the caller is wired. The first time, finding the endpoints may block (claiming the fakts
     * configuration): on the event loop that is done on a worker thread; elsewhere a missing configuration throws here.
     */
    Uni<Void> wired() {
        if (wiring != null) {
            return Uni.createFrom().voidItem();
        }
        if (BlockingOperationControl.isBlockingAllowed()) {
            wiring();
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> {
            wiring();
            return (Void) null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Wiring wiring() {
        Wiring current = wiring;
        if (current == null) {
            synchronized (this) {
                current = wiring;
                if (current == null) {
                    // endpoints, TLS and tokens as the agent has them (throws naming the keys when no server is set)
                    connection.endpoints();
                    CallerGraphQL graphql = new CallerGraphQL(connection);
                    current = new Wiring(graphql, new Resolver(graphql), new TaskFeed(vertx, connection));
                    wiring = current;
                }
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        Wiring current = wiring;
        if (current != null) {
            current.feed().close();
            current.graphql().close();
        }
    }
}
