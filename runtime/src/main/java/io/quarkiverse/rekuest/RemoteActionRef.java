package io.quarkiverse.rekuest;

import java.time.Duration;
import java.util.Map;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A remote action found by {@link Rekuest}: call it with positional arguments (in the order of its ports) or named
 * ones (by port key). Immutable: the narrowing methods return a new reference. The action is looked up on the first
 * call and the answer cached; a call that finds no live implementation looks again.
 * <p>
 * A single return port gives its value, several give a {@code List}; an action without returns gives {@code null}.
 * Failures are {@link RemoteCallException}s: {@link RemoteFailedException}, {@link RemoteCriticalException},
 * {@link NoImplementationException}, {@link RemoteDeadlineException}, ...
 */
public interface RemoteActionRef {

    /** Only the action of this application. */
    RemoteActionRef app(String app);

    /** Only this version of the action. */
    RemoteActionRef version(String version);

    /** A deadline for each call (instead of {@code quarkus.rekuest.client.deadline}). */
    RemoteActionRef deadline(Duration deadline);

    /** Calls and waits for the result. Must not be used on the event loop. */
    Object call(Object... args);

    /** Calls with arguments by port key and waits for the result. Must not be used on the event loop. */
    Object call(Map<String, ?> args);

    /** Calls; the {@code Uni} gives the result. Cancelling it cancels the task. */
    Uni<Object> callAsync(Object... args);

    /** Calls with arguments by port key; the {@code Uni} gives the result. */
    Uni<Object> callAsync(Map<String, ?> args);

    /** Calls a generator: one item per yield. Cancelling the subscription cancels the task. */
    Multi<Object> iterate(Object... args);

    /** Calls a generator with arguments by port key: one item per yield. */
    Multi<Object> iterate(Map<String, ?> args);

    /**
     * Assigns the action and hands back its task once the server created it, to follow its events and control it (the
     * Dev UI and the test kit work this way). Fails as {@link #callAsync} fails when nothing implements the action or
     * the arguments do not fit. One handle is one task: a failed task is not assigned again. Made inside a running
     * {@code @Node}, the task is a child of that node's task, as calls are.
     */
    Uni<AssignedTask> assign(Object... args);

    /** Assigns the action with arguments by port key; see {@link #assign(Object...)}. */
    Uni<AssignedTask> assign(Map<String, ?> args);
}
