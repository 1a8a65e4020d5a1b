package io.quarkiverse.rekuest.runtime.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.NodeFailure;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkiverse.rekuest.runtime.codec.CodecException;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.quarkus.virtual.threads.VirtualThreadsRecorder;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * How an {@code ASSIGN} becomes a method call, and the call's outcome becomes reports: the task's context, the node's
 * execution model (event loop, worker, virtual thread), the codec (arguments in, returns out), the invoker, and the
 * terminal report. Also the controls ({@code CANCEL}, {@code INTERRUPT}, {@code PAUSE}, {@code RESUME}) and the
 * inquiries of {@code INIT}. Every report goes to the {@link Outbox}; nothing here knows about connections.
 */
final class TaskDispatcher implements Outbox.Listener {

    private static final Logger LOG = Logger.getLogger(TaskDispatcher.class);

    /** Finished and confirmed task ids remembered to drop a redelivered ASSIGN. */
    private static final int RECENT_TASKS = 4096;
    /** Items a generator may have requested ahead of what the outbox took. */
    private static final int GENERATOR_PREFETCH = 16;
    /** Kinds only an agent reports: a task with none of them was never started by anyone. */
    private static final Set<String> AGENT_KINDS = Set.of("STARTED", "PROGRESS", "LOG", "YIELD", "COMPLETED", "FAILED",
            "CRITICAL", "CANCELLED", "INTERRUPTED", "PAUSED", "RESUMED");

    private final NodeRegistry registry;
    private final Outbox outbox;
    private final Vertx vertx;
    private final boolean sendStarted;
    private final Instance<CallerFrameHandler> callerFrames;
    private final Supplier<StoredTasks> storedTasks;
    private final RekuestEvents events;

    /** Tasks this process runs or ran, until their terminal report is confirmed. */
    private final Map<String, TaskRun> tasks = new ConcurrentHashMap<>();
    /** Tasks answered with a terminal report without running them (unknown interface, shutting down...). */
    private final Set<String> orphans = ConcurrentHashMap.newKeySet();
    /** Inquired by INIT, not known here: their ASSIGN may still be in the server's queue. */
    private final Set<String> awaited = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<String> recent = Collections.newSetFromMap(new LinkedHashMap<String, Boolean>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_TASKS;
        }
    });
    private volatile boolean stopping;
    /** Locks and concurrency limits of the nodes, or null when no node has any. */
    private volatile TaskGate gate;

    TaskDispatcher(NodeRegistry registry, Outbox outbox, Vertx vertx, boolean sendStarted,
            Instance<CallerFrameHandler> callerFrames, Supplier<StoredTasks> storedTasks, RekuestEvents events) {
        this.registry = registry;
        this.outbox = outbox;
        this.vertx = vertx;
        this.sendStarted = sendStarted;
        this.callerFrames = callerFrames;
        this.storedTasks = storedTasks;
        this.events = events;
    }

    // =================================================================== ASSIGN

    void assign(JsonNode frame) {
        String task = Frames.taskId(frame, "task");
        if (task == null) {
            // nothing to report on: a FAILED needs the task's id
            LOG.warnf("Ignoring an ASSIGN without a task id (ASSIGN.task must be a non-empty string, got %s)",
                    Frames.kindOf(frame.get("task")));
            return;
        }
        awaited.remove(task);
        if (isKnown(task)) {
            LOG.debugf("Ignoring a redelivered ASSIGN of task %s", task);
            return;
        }
        if (stopping) {
            orphan(task, Frames.error("CRITICAL", task, "The agent is shutting down; the task was not started"));
            return;
        }
        JsonNode ifaceField = frame.get("interface");
        String iface = ifaceField != null && ifaceField.isTextual() ? ifaceField.asText() : null;
        RegisteredNode node = iface == null ? null : registry.byInterface(iface).orElse(null);
        if (node == null) {
            List<String> served = new ArrayList<>();
            registry.nodes().forEach(n -> served.add(n.metadata().interfaceName()));
            orphan(task, Frames.error("CRITICAL", task, iface == null
                    ? "ASSIGN.interface must be a string naming one of this agent's nodes, got "
                            + Frames.kindOf(ifaceField) + "; it serves " + served
                    : "This agent has no node with interface '" + iface + "'; it serves " + served));
            return;
        }
        TaskRun run = new TaskRun(task, node, frame, outbox, events);
        if (tasks.putIfAbsent(task, run) != null) {
            return;
        }
        Context root = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
        Context context = VertxContext.createNewDuplicatedContext(root);
        VertxContextSafetyToggle.setContextSafe(context, true);
        TaskContext.bind(context, run.id);
        run.begin(context);
        TaskGate taskGate = gate;
        if (taskGate == null) {
            context.runOnContext(v -> start(run, context, frame.get("args")));
            return;
        }
        run.whenDone(() -> taskGate.leave(run));
        taskGate.enter(run, () -> context.runOnContext(v -> start(run, context, frame.get("args"))));
    }

    /** Tasks wait for their nodes' locks and concurrency limits from now on. */
    void useGate(TaskGate taskGate) {
        gate = taskGate;
    }

    /** The interface of the node running {@code task} here, or null. */
    String interfaceOf(String task) {
        TaskRun run = tasks.get(task);
        return run == null || run.isDone() ? null : run.node.metadata().interfaceName();
    }

    private boolean isKnown(String task) {
        if (tasks.containsKey(task) || orphans.contains(task)) {
            return true;
        }
        synchronized (recent) {
            return recent.contains(task);
        }
    }

    private void start(TaskRun run, Context context, JsonNode args) {
        if (sendStarted) {
            run.sendIfRunning(Frames.report("STARTED", run.id));
        }
        if (run.codec.expandsArgsAsync()) {
            // structures among the args: expand them (concurrently) first, then run on the node's thread
            run.codec.argumentsAsync(args, run).whenComplete((arguments, failure) -> context.runOnContext(v -> {
                if (failure != null) {
                    argumentsFailed(run, failure);
                } else {
                    onNodeThread(run, context, () -> invoke(run, arguments));
                }
            }));
            return;
        }
        onNodeThread(run, context, () -> execute(run, args));
    }

    private static void onNodeThread(TaskRun run, Context context, Runnable action) {
        switch (run.node.metadata().executionModel()) {
            case EVENT_LOOP -> action.run();
            case WORKER_THREAD -> context.executeBlocking(() -> {
                action.run();
                return null;
            }, false);
            case VIRTUAL_THREAD -> VirtualThreadsRecorder.getCurrent().execute(action);
        }
    }

    private void argumentsFailed(TaskRun run, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof CodecException) {
            run.finish(Frames.error("FAILED", run.id, "Invalid argument " + cause.getMessage()), cause);
        } else {
            LOG.errorf(cause, "Cannot read the arguments of task %s for %s", run.id, run.node.metadata().signature());
            run.finish(Frames.error("CRITICAL", run.id, "Cannot read the arguments: " + describe(cause)), cause);
        }
    }

    private void execute(TaskRun run, JsonNode args) {
        Object[] arguments;
        try {
            arguments = run.codec.arguments(args, run);
        } catch (CodecException | RuntimeException e) {
            argumentsFailed(run, e);
            return;
        }
        invoke(run, arguments);
    }

    private void invoke(TaskRun run, Object[] arguments) {
        if (!run.enter(Thread.currentThread())) {
            run.finish(run.stopFrame());
            return;
        }
        run.markStarted();
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        Object result = null;
        Throwable failure = null;
        String outer = TaskContext.enter(run.id);
        try {
            result = run.node.invoker().invoke(null, arguments);
        } catch (Throwable t) {
            failure = t;
        } finally {
            TaskContext.exit(outer);
            run.exit();
        }
        switch (run.node.metadata().returnKind()) {
            case UNI, COMPLETION_STAGE, MULTI -> {
                if (failure == null && result != null) {
                    InjectableContext.ContextState state = requestContext.getState();
                    requestContext.deactivate();
                    subscribe(run, result, () -> requestContext.destroy(state));
                    return;
                }
                requestContext.terminate();
                if (failure == null) {
                    run.finish(Frames.error("CRITICAL", run.id,
                            run.node.metadata().signature() + " returned null instead of a "
                                    + run.node.metadata().returnKind()));
                    return;
                }
            }
            default -> requestContext.terminate();
        }
        if (failure != null) {
            failed(run, failure);
        } else {
            completed(run, result);
        }
    }

    @SuppressWarnings("unchecked")
    private void subscribe(TaskRun run, Object result, Runnable end) {
        Cancellable cancellable;
        switch (run.node.metadata().returnKind()) {
            case MULTI -> {
                Multi<Object> items = ((Multi<Object>) result).onTermination().invoke(end);
                if (run.codec.shrinksReturnsAsync()) {
                    // structures among the returns: shrink each item in order before it is yielded
                    items = items.onItem().transformToUniAndConcatenate(item -> Uni.createFrom()
                            .completionStage(() -> run.codec.returnsAsync(item)));
                    GeneratorSubscriber subscriber = new GeneratorSubscriber(run, item -> run.yieldValue((ObjectNode) item));
                    items.subscribe().withSubscriber(subscriber);
                    cancellable = subscriber;
                } else {
                    GeneratorSubscriber subscriber = new GeneratorSubscriber(run, item -> yielded(run, item));
                    items.subscribe().withSubscriber(subscriber);
                    cancellable = subscriber;
                }
            }
            case COMPLETION_STAGE -> cancellable = Uni.createFrom().completionStage((CompletionStage<Object>) result)
                    .onTermination().invoke(end)
                    .subscribe().with(item -> completed(run, item), failure -> failed(run, failure));
            default -> cancellable = ((Uni<Object>) result).onTermination().invoke(end)
                    .subscribe().with(item -> completed(run, item), failure -> failed(run, failure));
        }
        run.subscribed(cancellable);
    }

    /**
     * Subscribes to a generator with back-pressure: items are requested only while the outbox has room, so a
     * generator faster than the server (an endless one included) waits instead of filling the memory.
     */
    private final class GeneratorSubscriber implements MultiSubscriber<Object>, Cancellable {
        private final TaskRun run;
        private final Consumer<Object> onItem;
        private volatile Flow.Subscription subscription;

        GeneratorSubscriber(TaskRun run, Consumer<Object> onItem) {
            this.run = run;
            this.onItem = onItem;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(GENERATOR_PREFETCH);
        }

        @Override
        public void onItem(Object item) {
            onItem.accept(item);
            Flow.Subscription s = subscription;
            if (s != null && !run.isDone()) {
                outbox.whenCapacity(() -> s.request(1));
            }
        }

        @Override
        public void onFailure(Throwable failure) {
            failed(run, failure);
        }

        @Override
        public void onCompletion() {
            run.finish(Frames.report("COMPLETED", run.id));
        }

        @Override
        public void cancel() {
            Flow.Subscription s = subscription;
            subscription = null;
            if (s != null) {
                s.cancel();
            }
        }
    }

    private void completed(TaskRun run, Object value) {
        if (run.stopReport() != null) {
            run.finish(run.stopFrame());
            return;
        }
        if (run.codec.returnsValue() && run.codec.shrinksReturnsAsync()) {
            run.codec.returnsAsync(value).whenComplete((returns, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    run.finish(Frames.error("FAILED", run.id, "Invalid return value " + cause.getMessage()));
                } else {
                    run.yieldValue(returns);
                    run.finish(Frames.report("COMPLETED", run.id));
                }
            });
            return;
        }
        if (run.codec.returnsValue()) {
            try {
                run.yieldValue(run.codec.returns(value));
            } catch (CodecException | RuntimeException e) {
                run.finish(Frames.error("FAILED", run.id, "Invalid return value " + e.getMessage()));
                return;
            }
        }
        run.finish(Frames.report("COMPLETED", run.id));
    }

    private void yielded(TaskRun run, Object item) {
        try {
            run.yieldValue(run.codec.returns(item));
        } catch (CodecException | RuntimeException e) {
            run.fail(Frames.error("FAILED", run.id, "Invalid yielded value " + e.getMessage()));
        }
    }

    private void failed(TaskRun run, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (run.stopReport() != null) {
            run.finish(run.stopFrame());
        } else if (cause instanceof CodecException) {
            run.finish(Frames.error("FAILED", run.id, "Invalid yielded value " + cause.getMessage()), cause);
        } else if (cause instanceof NodeFailure) {
            run.finish(Frames.error("FAILED", run.id, cause.getMessage() == null ? "Failed" : cause.getMessage()), cause);
        } else {
            LOG.errorf(cause, "Node %s crashed on task %s", run.node.metadata().signature(), run.id);
            run.finish(Frames.error("CRITICAL", run.id, describe(cause)), cause);
        }
    }

    // =================================================================== controls

    /** CANCEL or INTERRUPT. */
    void stop(JsonNode frame, String report) {
        String task = Frames.taskId(frame, "task");
        if (task == null) {
            return;
        }
        TaskRun run = tasks.get(task);
        if (run != null && !run.isDone()) {
            if (callerFrames.isResolvable()) {
                // calls the task made are cancelled with it (children assigned with a parent have no root, §10)
                callerFrames.get().onTaskStopping(task);
            }
            run.stop(report);
            return;
        }
        if (run != null || orphans.contains(task) || outbox.hasTerminal(task)) {
            return; // its terminal report is on its way (and re-sent until confirmed)
        }
        boolean recentlyDone;
        synchronized (recent) {
            recentlyDone = recent.contains(task);
        }
        if (!recentlyDone) {
            // not running here (its ASSIGN never came): confirm, so the caller is not left waiting
            awaited.remove(task);
            orphan(task, Frames.report(report, task));
        }
    }

    void pause(JsonNode frame) {
        String task = Frames.taskId(frame, "task");
        TaskRun run = task == null ? null : tasks.get(task);
        if (run != null && !run.isDone()) {
            run.pause();
        } else {
            LOG.debugf("PAUSE for task %s, which is not running here", task);
        }
    }

    void resume(JsonNode frame) {
        String task = Frames.taskId(frame, "task");
        TaskRun run = task == null ? null : tasks.get(task);
        if (run != null && !run.isDone()) {
            JsonNode step = frame.get("step");
            run.resume(step != null && step.asBoolean(false));
        } else {
            LOG.debugf("RESUME for task %s, which is not running here", task);
        }
    }

    // =================================================================== inquiries

    /**
     * INIT names every task the server thinks this agent has not finished. A task running here gets a PROGRESS; a
     * finished one needs nothing (its terminal report is re-sent until confirmed). Any other is only recorded: its
     * ASSIGN may still be queued on the server and arrive right after INIT, and answering it now (CRITICAL) would end
     * a task that is about to run. See {@link #queueDrained()}.
     */
    void inquire(List<String> inquired) {
        for (String task : inquired) {
            TaskRun run = tasks.get(task);
            if (run != null) {
                if (!run.isDone()) {
                    ObjectNode progress = Frames.report("PROGRESS", task);
                    progress.putNull("progress");
                    progress.put("message", "Still running");
                    run.sendIfRunning(progress);
                }
            } else if (!orphans.contains(task)) {
                awaited.add(task);
            }
        }
    }

    /**
     * The server's queue has been delivered (the first HEARTBEAT after INIT comes behind it): an inquired task whose
     * ASSIGN did not come was taken by a connection the agent had already left. If nobody ever started it, it is read
     * back over GraphQL and run (without a provenance token: the server does not store it); otherwise it was started
     * by a process that is gone, and is reported CRITICAL.
     */
    void queueDrained() {
        List<String> lost;
        synchronized (awaited) {
            lost = new ArrayList<>(awaited);
        }
        for (String task : lost) {
            storedTasks.get().task(task).subscribe().with(stored -> recover(stored), failure -> LOG.warnf(
                    "Cannot read task %s, inquired by the server but never assigned here, from the server (%s); trying"
                            + " again at the next heartbeat",
                    task, describe(failure)));
        }
    }

    private void recover(StoredTasks.LostTask stored) {
        if (!awaited.remove(stored.id())) {
            return; // its ASSIGN came meanwhile
        }
        boolean started = stored.eventKinds().stream().anyMatch(AGENT_KINDS::contains);
        if (started) {
            orphan(stored.id(), Frames.error("CRITICAL", stored.id(), "This agent does not know the task although it was"
                    + " started (events " + stored.eventKinds() + "): the process that ran it is gone"));
            return;
        }
        LOG.infof("Task %s was never delivered to this agent (its ASSIGN was lost in a disconnect); running it from what"
                + " the server stored", stored.id());
        ObjectNode assign = Frames.frame("ASSIGN");
        assign.put("task", stored.id());
        assign.put("interface", stored.iface());
        assign.set("args", stored.args());
        assign.put("parent", stored.parent());
        assign.putNull("token");
        assign(assign);
    }

    /** Whether INIT inquired about tasks whose ASSIGN has not come yet. */
    boolean awaitsAssigns() {
        return !awaited.isEmpty();
    }

    // =================================================================== outcome

    @Override
    public void terminalConfirmed(String task) {
        synchronized (recent) {
            recent.add(task);
        }
        tasks.remove(task);
        orphans.remove(task);
    }

    /** A terminal report for a task this agent does not run. */
    private void orphan(String task, ObjectNode terminal) {
        orphans.add(task);
        outbox.report(terminal, task);
    }

    /** From now on, new tasks are refused (CRITICAL) instead of run. */
    void stopTakingWork() {
        stopping = true;
    }

    boolean hasRunningTasks() {
        for (TaskRun run : tasks.values()) {
            if (!run.isDone()) {
                return true;
            }
        }
        return false;
    }

    /** At the end of the shutdown grace: every task still running is stopped and reported CRITICAL. */
    int abortRunning(String why) {
        int cutOff = 0;
        for (TaskRun run : tasks.values()) {
            if (!run.isDone()) {
                LOG.warnf("Task %s of %s did not finish within the shutdown grace; reporting it CRITICAL", run.id,
                        run.node.metadata().signature());
                run.abort(why);
                cutOff++;
            }
        }
        return cutOff;
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        String type = failure.getClass().getName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    /** The interface of the node running {@code taskId}, or {@code null} when no such task runs here. */
    String nodeOf(String taskId) {
        TaskRun run = tasks.get(taskId);
        return run == null ? null : run.node.metadata().interfaceName();
    }
}
