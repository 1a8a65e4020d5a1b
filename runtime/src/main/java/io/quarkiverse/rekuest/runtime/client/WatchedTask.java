package io.quarkiverse.rekuest.runtime.client;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import io.quarkiverse.rekuest.AssignedTask;
import io.quarkiverse.rekuest.TaskUpdate;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * The {@link AssignedTask} handle: one {@link RemoteTask} (never retried) whose accepted events are kept as
 * {@link TaskUpdate}s and whose results are kept as they were converted, both replayed to every subscriber. The handle
 * is handed out once the server created the task; an assignment that fails before that fails the handle's {@code Uni}.
 */
final class WatchedTask implements AssignedTask, TaskWatcher, CallSink {

    private static final TypeReference<LinkedHashMap<String, Object>> PLAIN_MAP = new TypeReference<>() {
    };

    private final RekuestCaller caller;
    private final UniEmitter<? super AssignedTask> handedOut;
    private final Replay<TaskUpdate> updates = new Replay<>();
    private final Replay<Object> results = new Replay<>();

    private volatile RemoteTask task;
    private volatile String id;
    /** The task's terminal event was seen: its updates end normally whatever the call made of it. */
    private volatile boolean terminalSeen;

    private WatchedTask(RekuestCaller caller, UniEmitter<? super AssignedTask> handedOut) {
        this.caller = caller;
        this.handedOut = handedOut;
    }

    /** Assigns {@code request} (retries are not allowed: one handle is one task) and hands out its handle. */
    static Uni<AssignedTask> assign(RekuestCaller caller, CallRequest request) {
        CallRequest once = new CallRequest(request.description(), request.target(), request.definition(), request.codec(),
                request.deadline(), 0, request.parent());
        return Uni.createFrom().emitter(emitter -> {
            WatchedTask handle = new WatchedTask(caller, emitter);
            handle.task = new RemoteTask(caller, once, handle, handle);
            handle.task.start();
        });
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Multi<TaskUpdate> updates() {
        return updates.stream();
    }

    @Override
    public Multi<Object> results() {
        return results.stream();
    }

    @Override
    public Uni<Void> cancel() {
        return caller.control(id, task.viaAgent(), RekuestCaller.Control.CANCEL);
    }

    @Override
    public Uni<Void> interrupt() {
        return caller.control(id, task.viaAgent(), RekuestCaller.Control.INTERRUPT);
    }

    @Override
    public Uni<Void> pause() {
        return caller.control(id, false, RekuestCaller.Control.PAUSE);
    }

    @Override
    public Uni<Void> resume() {
        return caller.control(id, false, RekuestCaller.Control.RESUME);
    }

    @Override
    public String toString() {
        return "task " + id;
    }

    // ------------------------------------------------------------------ TaskWatcher

    @Override
    public void assigned(String task) {
        id = task;
        handedOut.complete(this);
    }

    @Override
    public void event(TaskEvent event) {
        TaskUpdate update = update(event);
        if (update == null) {
            return;
        }
        if (update.terminal()) {
            terminalSeen = true;
        }
        updates.emit(update);
    }

    /** The event as the public record shows it, or {@code null} for an event without a kind (never stored). */
    static TaskUpdate update(TaskEvent event) {
        if (event.kind() == null || event.kind().isBlank()) {
            return null;
        }
        Map<String, Object> returns = event.returns() == null || !event.returns().isObject() ? Map.of()
                : CallerGraphQL.MAPPER.convertValue(event.returns(), PLAIN_MAP);
        return new TaskUpdate(event.id(), event.kind(), returns, event.message(), event.progress());
    }

    // ------------------------------------------------------------------ CallSink: the call's own ending

    @Override
    public void emit(Object item) {
        if (item != RemoteTask.NullItem.INSTANCE) {
            results.emit(item);
        }
    }

    @Override
    public void complete() {
        results.complete();
        updates.complete();
    }

    @Override
    public void fail(Throwable failure) {
        if (id == null) {
            // nothing was assigned: no handle to hand out
            handedOut.fail(failure);
        }
        results.fail(failure);
        if (terminalSeen) {
            updates.complete();
        } else {
            updates.fail(failure);
        }
    }

    @Override
    public void onCancellation(Runnable action) {
        // the handle's subscribers never cancel the task: only cancel() and interrupt() do
    }
}
