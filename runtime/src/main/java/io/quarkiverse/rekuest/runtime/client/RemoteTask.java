package io.quarkiverse.rekuest.runtime.client;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.NoImplementationException;
import io.quarkiverse.rekuest.RemoteCallException;
import io.quarkiverse.rekuest.RemoteCancelledException;
import io.quarkiverse.rekuest.RemoteCriticalException;
import io.quarkiverse.rekuest.RemoteDeadlineException;
import io.quarkiverse.rekuest.RemoteDisconnectedException;
import io.quarkiverse.rekuest.RemoteFailedException;
import io.quarkiverse.rekuest.RemoteMissingResultException;
import io.quarkiverse.rekuest.TaskUpdate;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.smallrye.mutiny.Uni;

/**
 * One call in flight: resolves, assigns, follows the task's events (deduplicated by event id) and turns them into the
 * items, completion or failure of the caller's {@code Multi}. Cancelling it, its deadline and its parent being stopped
 * cancel the task on the server, wait a bounded time for {@code CANCELLED} and may escalate to an interrupt.
 */
final class RemoteTask implements TaskFeed.Listener {

    /** How often an assign is tried again while this application's own agent reconnects. */
    private static final long OWN_AGENT_RETRY_MILLIS = 250;
    /** Until when (nanoTime) an assign to this application's own agent is tried again; 0 before the first miss. */
    private long ownAgentDeadline;

    private static final Logger LOG = Logger.getLogger(RemoteTask.class);

    private final RekuestCaller caller;
    private final CallRequest request;
    private final CallSink emitter;
    /** Who follows every event of the task (an {@code AssignedTask}), or {@code null} for a plain call. */
    private final TaskWatcher watcher;
    /** What {@link RekuestEvents#callStarted} returned, and the action as it was named there. */
    private volatile long startMark;
    private volatile String action;
    /** What {@link RekuestEvents#callOpened} returned (a span), or {@code null}. */
    private volatile Object trace;

    // guarded by this
    private String taskId;
    private Resolver.Resolved resolved;
    private boolean viaAgent;
    private long generation;
    private final Set<String> seen = new HashSet<>();
    /** No more items or failures go to the emitter. */
    private boolean done;
    /** The call was given up (cancelled, deadline, parent stopped): the task is to be cancelled on the server. */
    private boolean abandoned;
    private boolean cancelSent;
    private boolean reresolved;
    private boolean emitted;
    private int attempts;
    /** A spread call: the implementation it was assigned to (counted open there), or {@code null}. */
    private String spreadImplementation;
    private String spreadAction;
    /** Implementations this spread call was lost on or could not be assigned to: not picked again while others live. */
    private final Set<String> avoid = new HashSet<>();
    private int spreadMisses;
    /** How many times a spread call is picked again after its assign found the replica not available. */
    private static final int MAX_SPREAD_MISSES = 5;
    private long deadlineTimer = -1;
    private long disconnectedTimer = -1;
    private long cancelTimer = -1;
    /**
     * Results expanded asynchronously (structures) are emitted in order: the last of the pending steps, or {@code null}
     * when none is pending, so that synchronous results and ends are handled at once without any chaining.
     */
    private CompletableFuture<Void> pending;

    RemoteTask(RekuestCaller caller, CallRequest request, CallSink emitter) {
        this(caller, request, emitter, null);
    }

    RemoteTask(RekuestCaller caller, CallRequest request, CallSink emitter, TaskWatcher watcher) {
        this.caller = caller;
        this.request = request;
        this.emitter = emitter;
        this.watcher = watcher;
    }

    /** Whether the task was assigned over the agent socket (a nested call), so its controls go there too. */
    synchronized boolean viaAgent() {
        return viaAgent;
    }

    String parent() {
        return request.parent();
    }

    synchronized String taskId() {
        return taskId;
    }

    void start() {
        action = action();
        startMark = caller.events().callStarted(action);
        trace = caller.events().callOpened(action, request.parent());
        emitter.onCancellation(() -> abandon(null));
        if (request.deadline() != null) {
            long millis = Math.max(1, request.deadline().toMillis());
            synchronized (this) {
                deadlineTimer = caller.vertx().setTimer(millis, id -> abandon(
                        new RemoteDeadlineException(request.description(), taskId(), request.deadline())));
            }
        }
        caller.track(this);
        assign();
    }

    /**
     * Resolves, shrinks the arguments and assigns. Once the caller is wired and the target resolved (every call after
     * the first), with a synchronous codec and a live subscription, this runs straight through to the {@code assign}
     * request: no reactive chain per call.
     */
    private void assign() {
        if (request.dependency() != null && request.definition() != null) {
            Resolver.Resolved through = Resolver.Resolved.throughDependency(request.definition(),
                    request.dependency().dependency(), request.dependency().method());
            caller.wired().subscribe().with(ignored -> assignTo(through), this::assignFailed);
            return;
        }
        Resolver.Resolved found = caller.resolvedNow(request.target(), request.definition());
        if (found != null) {
            assignTo(found);
            return;
        }
        caller.wired()
                .flatMap(ignored -> caller.resolver().resolve(request.target(), request.definition()))
                .subscribe().with(this::assignTo, this::assignFailed);
    }

    private void assignTo(Resolver.Resolved found) {
        if (request.spread().spreads() && found.implementationId() == null && found.dependency() == null) {
            spreadTo(found);
            return;
        }
        assignResolved(found);
    }

    /** A spread call: picks one live implementation of the action and assigns by its id. */
    private void spreadTo(Resolver.Resolved found) {
        Set<String> avoiding;
        synchronized (this) {
            avoiding = Set.copyOf(avoid);
        }
        String picked;
        try {
            picked = caller.spreader().pickNow(found.actionId(), request.spread(), avoiding);
        } catch (Exception e) {
            assignFailed(e);
            return;
        }
        if (picked == null) {
            caller.spreader().pick(found.actionId(), request.spread(), avoiding).subscribe()
                    .with(implementation -> spreadPicked(found, implementation), this::assignFailed);
            return;
        }
        spreadPicked(found, picked);
    }

    private void spreadPicked(Resolver.Resolved found, String implementation) {
        synchronized (this) {
            if (done && !abandoned) {
                // ended while the implementations were read (its deadline, say): the pick counts for nothing
                caller.spreader().release(this, implementation);
                return;
            }
            spreadImplementation = implementation;
            spreadAction = found.actionId();
        }
        assignResolved(found.at(implementation));
    }

    private void assignResolved(Resolver.Resolved found) {
        synchronized (this) {
            resolved = found;
        }
        Uni<String> assignment;
        try {
            ObjectNode args = request.codec().argsNow(found);
            assignment = args != null ? send(found, args)
                    : request.codec().args(found).flatMap(shrunk -> send(found, shrunk));
        } catch (Exception e) {
            // what the reactive chain would have turned into a failure: bad arguments, a request that cannot be built
            assignFailed(e);
            return;
        }
        assignment.subscribe().with(this::assigned, this::assignFailed);
    }

    private Uni<String> send(Resolver.Resolved found, ObjectNode args) {
        String reference = RekuestCaller.randomId();
        if (trace != null) {
            caller.events().callSending(trace, reference);
        }
        if (request.parent() != null && caller.agentConnected()) {
            synchronized (this) {
                viaAgent = true;
                generation = Long.MAX_VALUE;
            }
            return caller.assignViaAgent(found, args, reference, request.parent());
        }
        long live = caller.feed().generation();
        if (live >= 0) {
            synchronized (this) {
                viaAgent = false;
                generation = live;
            }
            return caller.assignViaGraphQL(found, args, reference, request.parent());
        }
        return caller.feed().live().flatMap(current -> {
            synchronized (this) {
                viaAgent = false;
                generation = current;
            }
            return caller.assignViaGraphQL(found, args, reference, request.parent());
        });
    }

    private void assignFailed(Throwable failure) {
        if (failure instanceof CallerGraphQL.GraphQLCallException graphql && graphql.noImplementation()
                && spreadMissed()) {
            LOG.debugf("%s: %s; picking another implementation", request.description(), failure.getMessage());
            assign();
            return;
        }
        releaseReplica();
        if (failure instanceof CallerGraphQL.GraphQLCallException graphql && graphql.noImplementation()
                && waitForOwnAgent()) {
            LOG.debugf("%s: %s; this application's own agent is reconnecting, trying again", request.description(),
                    failure.getMessage());
            caller.vertx().setTimer(OWN_AGENT_RETRY_MILLIS, id -> assign());
            return;
        }
        if (failure instanceof CallerGraphQL.GraphQLCallException graphql && graphql.noImplementation()) {
            boolean again;
            synchronized (this) {
                again = !reresolved && !done;
                reresolved = true;
            }
            caller.resolver().invalidate(request.target(), request.definition());
            if (again) {
                LOG.debugf("%s: %s; resolving again", request.description(), failure.getMessage());
                assign();
                return;
            }
            fail(new NoImplementationException("No live agent implements " + request.target().describe() + " (called by "
                    + request.description() + "): " + failure.getMessage(), failure));
            return;
        }
        if (failure instanceof RemoteCallException || failure instanceof IllegalArgumentException) {
            fail(failure);
            return;
        }
        fail(new RemoteCallException("Cannot call " + request.description() + ": " + failure.getMessage(), null, failure));
    }

    /**
     * An action this application serves itself has no live implementation only while its own agent reconnects (after
     * a 3001 or a restart the server counts it as gone until it registers again): wait for it, up to the assign
     * timeout, instead of failing the call.
     */
    /**
     * A spread call's assign found its implementation's agent not available (it left since the list was read): avoid
     * it and pick again, a bounded number of times. No task was made, so this holds for any action.
     */
    private boolean spreadMissed() {
        String implementation;
        String action;
        synchronized (this) {
            implementation = spreadImplementation;
            action = spreadAction;
            if (implementation == null || done || ++spreadMisses > MAX_SPREAD_MISSES) {
                return false;
            }
            avoid.add(implementation);
        }
        caller.spreader().lost(action, implementation);
        releaseReplica();
        return true;
    }

    /** Ends this call's count on the implementation it was spread to (idempotent). */
    private void releaseReplica() {
        String implementation;
        synchronized (this) {
            implementation = spreadImplementation;
            spreadImplementation = null;
        }
        if (implementation != null) {
            caller.spreader().release(this, implementation);
        }
    }

    /**
     * The replica this spread call was assigned to is gone (its agent is no longer active, or the server marked the
     * task DISCONNECTED). An idempotent call that has not emitted anything is assigned again to another live
     * implementation; the lost task is left to the server's rules (an idempotent task is re-queued for its agent, and
     * runs again if that agent comes back: the action said that is harmless). Returns whether the call moved.
     */
    boolean replicaLost(String implementation) {
        String lostTask;
        String action;
        synchronized (this) {
            if (done || abandoned || taskId == null || !implementation.equals(spreadImplementation) || emitted
                    || !idempotentCall()) {
                return false;
            }
            lostTask = taskId;
            action = spreadAction;
            caller.feed().unregister(taskId);
            taskId = null;
            seen.clear();
            avoid.add(implementation);
            if (disconnectedTimer >= 0) {
                caller.vertx().cancelTimer(disconnectedTimer);
                disconnectedTimer = -1;
            }
            // moving off a lost replica is not one of the call's retries
            attempts--;
        }
        caller.spreader().lost(action, implementation);
        releaseReplica();
        LOG.debugf("%s: the replica running task %s (implementation %s) is lost; assigning the call again elsewhere",
                request.description(), lostTask, implementation);
        assign();
        return true;
    }

    /** Whether the call may run twice: the action is idempotent or pure. Called with the lock held. */
    private boolean idempotentCall() {
        return resolved != null && (resolved.idempotent()
                || (request.definition() != null && (request.definition().idempotent() || request.definition().pure())));
    }

    private boolean waitForOwnAgent() {
        if (!caller.servedByThisApp(request.target())) {
            return false;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (done) {
                return false;
            }
            if (ownAgentDeadline == 0) {
                ownAgentDeadline = now + caller.assignTimeout().toNanos();
            }
            return now < ownAgentDeadline;
        }
    }

    private void assigned(String task) {
        boolean cancelNow;
        boolean reconcileNow;
        synchronized (this) {
            taskId = task;
            attempts++;
            cancelNow = abandoned;
            if (spreadImplementation != null && !done) {
                caller.spreader().watch(this, spreadAction, spreadImplementation);
            }
            reconcileNow = !viaAgent && generation != caller.feed().generation();
        }
        if (watcher != null) {
            watcher.assigned(task);
        }
        if (trace != null) {
            caller.events().callAssigned(trace, task);
        }
        caller.feed().register(task, this);
        if (cancelNow) {
            sendCancel();
        } else if (reconcileNow) {
            // the subscription dropped between becoming live and the assignment: look at the task itself
            reconcile();
        }
    }

    // ------------------------------------------------------------------ events

    /**
     * Handles an event once. Synchronized as a whole: the order in which events pass the deduplication is the order in
     * which their effects are chained (a YIELD's result is emitted before COMPLETED completes, whichever channel
     * brought them).
     */
    @Override
    public synchronized void onEvent(TaskEvent event) {
        {
            if (taskId == null || !taskId.equals(event.task())) {
                return;
            }
            if (event.id() != null && !seen.add(event.id())) {
                return;
            }
            if (watcher != null) {
                watcher.event(event);
            }
            if (abandoned) {
                if (isStop(event.kind()) || TaskUpdate.isTerminal(event.kind())) {
                    finish();
                }
                return;
            }
            if (done) {
                return;
            }
            if (disconnectedTimer >= 0 && !"DISCONNECTED".equals(event.kind())) {
                caller.vertx().cancelTimer(disconnectedTimer);
                disconnectedTimer = -1;
            }
        }
        switch (event.kind() == null ? "" : event.kind()) {
            case "YIELD" -> yielded(event);
            case "COMPLETED" -> afterPending(() -> completed(event));
            case "FAILED" -> afterPending(() -> failed(event));
            case "CRITICAL" -> afterPending(() -> fail(new RemoteCriticalException(request.description(), event.task(),
                    event.message())));
            case "CANCELLED", "INTERRUPTED" -> afterPending(() -> fail(new RemoteCancelledException(request.description()
                    + " (task " + event.task() + ") was " + event.kind().toLowerCase() + " on the server"
                    + (event.message() == null ? "" : ": " + event.message()), event.task())));
            case "DISCONNECTED" -> disconnected(event);
            default -> LOG.tracef("%s: task %s %s", request.description(), event.task(), event.kind());
        }
    }

    /** Called with the lock held (from {@link #onEvent}). */
    private void yielded(TaskEvent event) {
        if (pending == null) {
            Object value;
            try {
                value = request.codec().valueNow(event.returns(), resolved);
            } catch (Exception e) {
                notFitting(event, e);
                return;
            }
            if (value != CallCodec.ASYNC) {
                emitValue(value);
                return;
            }
        }
        Resolver.Resolved resolvedNow = resolved;
        chain(previous -> previous
                .thenCompose(v -> request.codec().value(event.returns(), resolvedNow).subscribeAsCompletionStage())
                .handle((value, failure) -> {
                    if (failure != null) {
                        notFitting(event, failure instanceof CompletionException
                                && failure.getCause() != null ? failure.getCause() : failure);
                    } else {
                        emitValue(value);
                    }
                    return null;
                }));
    }

    private void emitValue(Object value) {
        synchronized (this) {
            if (done) {
                return;
            }
            emitted = true;
        }
        emitter.emit(value == null ? NullItem.INSTANCE : value);
    }

    private void notFitting(TaskEvent event, Throwable failure) {
        fail(new RemoteCallException(request.description() + " (task " + event.task() + ") returned a value that does "
                + "not fit: " + failure.getMessage(), event.task(), failure));
    }

    /** Runs {@code action} now, or after the pending expansions when there are any. Called with the lock held. */
    private void afterPending(Runnable action) {
        if (pending == null) {
            action.run();
            return;
        }
        chain(previous -> previous.thenRun(action));
    }

    /** Appends a step after the pending ones (or after nothing). Called with the lock held. */
    private void chain(Function<CompletableFuture<Void>, CompletableFuture<Void>> step) {
        CompletableFuture<Void> previous = pending == null ? CompletableFuture.completedFuture(null) : pending;
        CompletableFuture<Void> next = step.apply(previous).exceptionally(failure -> {
            LOG.debugf(failure, "%s: handling an event failed", request.description());
            return null;
        });
        pending = next;
        next.whenComplete((v, failure) -> {
            synchronized (this) {
                if (pending == next) {
                    pending = null;
                }
            }
        });
    }

    private void failed(TaskEvent event) {
        retryOrFail(event.task(), "failed (" + event.message() + ")",
                () -> new RemoteFailedException(request.description(), event.task(), event.message()));
    }

    /**
     * A task that ended without the call's result (FAILED, or COMPLETED without the value): the call is assigned again
     * when the action is idempotent or pure, nothing was emitted yet and retries are left; otherwise it fails.
     */
    private void retryOrFail(String task, String why, Supplier<RemoteCallException> failure) {
        boolean retry;
        synchronized (this) {
            retry = !done && !emitted && resolved != null && (resolved.idempotent()
                    || (request.definition() != null && (request.definition().idempotent() || request.definition().pure())))
                    && attempts <= request.retries();
            if (retry) {
                caller.feed().unregister(taskId);
                taskId = null;
                seen.clear();
            }
        }
        if (retry) {
            releaseReplica();
            LOG.debugf("%s: task %s %s; retrying", request.description(), task, why);
            assign();
            return;
        }
        fail(failure.get());
    }

    /**
     * COMPLETED: the call ends with what was yielded. When the task is a function's and nothing was yielded, the
     * task's stored events are read once before the call ends (the subscription or the mirrors may have missed the
     * YIELD, §1.6): only then is the result empty or missing. Calls that got their YIELD end at once.
     */
    private void completed(TaskEvent event) {
        OwedResult owed;
        synchronized (this) {
            if (done) {
                return;
            }
            owed = emitted ? OwedResult.NOTHING : OwedResult.of(request.definition(), resolved);
        }
        if (!owed.checked()) {
            complete();
            return;
        }
        String task = event.task();
        LOG.debugf("%s: task %s completed without a YIELD; reading its stored events", request.description(), task);
        caller.taskEvents(task).subscribe().with(events -> storedEvents(task, events, owed),
                failure -> settle(task, owed, failure));
    }

    /** The stored events of a task that completed without a YIELD: the YIELDs not seen yet, in order, then the end. */
    private synchronized void storedEvents(String task, JsonNode events, OwedResult owed) {
        if (done || !task.equals(taskId)) {
            return;
        }
        for (JsonNode stored : events) {
            TaskEvent event = TaskEvent.of(stored, task);
            if ("YIELD".equals(event.kind()) && (event.id() == null || seen.add(event.id()))) {
                if (watcher != null) {
                    watcher.event(event);
                }
                yielded(event);
            }
        }
        afterPending(() -> settle(task, owed, null));
    }

    /**
     * Ends a call whose task completed, once its stored events were read (or could not be): with the YIELD found, an
     * empty result when every return port is nullable, or {@link RemoteMissingResultException} (retried like FAILED).
     */
    private synchronized void settle(String task, OwedResult owed, Throwable readFailure) {
        if (done || !task.equals(taskId)) {
            return;
        }
        if (emitted) {
            complete();
            return;
        }
        if (readFailure == null && !owed.valueMissing()) {
            // no value, and none is owed: the empty result (null, an empty Optional) as the codec expands it
            yielded(new TaskEvent(null, task, "YIELD", CallerGraphQL.MAPPER.createObjectNode(), null, null));
            afterPending(this::complete);
            return;
        }
        List<String> missing = owed.valueMissing() ? owed.required() : owed.returns();
        retryOrFail(task, "completed without its result", () -> new RemoteMissingResultException(request.description(),
                task, missing, readFailure));
    }

    private void disconnected(TaskEvent event) {
        String spreadTo;
        synchronized (this) {
            spreadTo = spreadImplementation;
        }
        if (spreadTo != null && replicaLost(spreadTo)) {
            return;
        }
        synchronized (this) {
            if (disconnectedTimer >= 0) {
                return;
            }
            long millis = Math.max(1, caller.config().disconnectedWait().toMillis());
            disconnectedTimer = caller.vertx().setTimer(millis, id -> fail(new RemoteDisconnectedException(
                    request.description() + " (task " + event.task() + "): its agent disconnected and did not come back"
                            + " within " + caller.config().disconnectedWait() + "; the task's fate is unknown"
                            + (event.message() == null ? "" : " (" + event.message() + ")"),
                    event.task())));
        }
    }

    /** Calls assigned over the agent socket, or with a parent (not in {@code mytasks}), follow the mirrors. */
    @Override
    public synchronized boolean acceptsMirrors() {
        return viaAgent || request.parent() != null;
    }

    /** Looks at the task itself: events missed while the subscription was down are handled now (once). */
    @Override
    public void reconcile() {
        String task = taskId();
        if (task == null) {
            return;
        }
        caller.taskEvents(task).subscribe().with(events -> {
            for (JsonNode event : events) {
                onEvent(TaskEvent.of(event, task));
            }
        }, failure -> LOG.debugf("Reconciling task %s failed: %s", task, failure.getMessage()));
    }

    // ------------------------------------------------------------------ ends

    private void complete() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            finish();
        }
        ended(RekuestEvents.COMPLETED, null);
        emitter.complete();
    }

    private void fail(Throwable failure) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            if (!abandoned) {
                finish();
            }
        }
        ended(outcome(failure), failure);
        emitter.fail(failure);
    }

    /**
     * Gives the call up: the caller cancelled it ({@code failure == null}), its deadline expired or its parent task
     * was stopped. The task is cancelled on the server.
     */
    void abandon(Throwable failure) {
        boolean cancel;
        synchronized (this) {
            if (abandoned || (done && failure != null)) {
                return;
            }
            boolean wasDone = done;
            abandoned = true;
            done = true;
            cancelTimers();
            cancel = taskId != null && !wasDone;
            if (wasDone) {
                return;
            }
        }
        ended(failure == null ? RekuestEvents.CANCELLED : outcome(failure), failure);
        if (failure != null) {
            emitter.fail(failure);
        }
        if (cancel) {
            sendCancel();
        } else if (taskId() == null) {
            // not assigned yet: cancelled as soon as the assignment returns
            LOG.tracef("%s abandoned before its task was created", request.description());
        }
    }

    private void sendCancel() {
        String task;
        boolean agent;
        synchronized (this) {
            if (cancelSent) {
                return;
            }
            cancelSent = true;
            task = taskId;
            agent = viaAgent;
            long millis = Math.max(1, caller.config().cancelTimeout().toMillis());
            cancelTimer = caller.vertx().setTimer(millis, id -> cancelNotConfirmed());
        }
        caller.cancel(task, agent);
    }

    private void cancelNotConfirmed() {
        String task;
        boolean agent;
        synchronized (this) {
            cancelTimer = -1;
            task = taskId;
            agent = viaAgent;
        }
        if (caller.config().escalateToInterrupt()) {
            LOG.debugf("%s: task %s not cancelled within %s; interrupting", request.description(), task,
                    caller.config().cancelTimeout());
            caller.interrupt(task, agent);
        }
        synchronized (this) {
            finish();
        }
    }

    /** Stops listening; called with the lock held. */
    private void finish() {
        cancelTimers();
        if (cancelTimer >= 0) {
            caller.vertx().cancelTimer(cancelTimer);
            cancelTimer = -1;
        }
        if (taskId != null) {
            caller.feed().unregister(taskId);
        }
        releaseReplica();
        caller.untrack(this);
    }

    private void cancelTimers() {
        if (deadlineTimer >= 0) {
            caller.vertx().cancelTimer(deadlineTimer);
            deadlineTimer = -1;
        }
        if (disconnectedTimer >= 0) {
            caller.vertx().cancelTimer(disconnectedTimer);
            disconnectedTimer = -1;
        }
    }

    /** The action's key as the metrics tag it: the key, or {@code hash:<hash>} for a call by hash. */
    private String action() {
        Target target = request.target();
        return target.key().isEmpty() ? "hash:" + target.hash() : target.key();
    }

    /** Tells the observer how the call ended; called once, when {@code done} was set. */
    private void ended(String outcome, Throwable failure) {
        caller.events().callFinished(action, outcome, startMark);
        if (trace != null) {
            caller.events().callClosed(trace, outcome, failure);
        }
    }

    /** The outcome of a call that failed, as {@link RekuestEvents} names it. */
    static String outcome(Throwable failure) {
        if (failure instanceof RemoteFailedException) {
            return RekuestEvents.FAILED;
        } else if (failure instanceof RemoteCriticalException) {
            return RekuestEvents.CRITICAL;
        } else if (failure instanceof RemoteCancelledException || failure instanceof CancellationException) {
            return RekuestEvents.CANCELLED;
        } else if (failure instanceof RemoteDeadlineException) {
            return RekuestEvents.DEADLINE;
        } else if (failure instanceof RemoteDisconnectedException) {
            return RekuestEvents.DISCONNECTED;
        }
        return RekuestEvents.ERROR;
    }

    private static boolean isStop(String kind) {
        return "CANCELLED".equals(kind) || "INTERRUPTED".equals(kind);
    }

    /** Stands for a {@code null} result in the stream (Mutiny items cannot be null). */
    enum NullItem {
        INSTANCE
    }

    static CancellationException parentCancelled(String parent) {
        return new CancellationException("The task " + parent + " that made this call was cancelled");
    }
}
