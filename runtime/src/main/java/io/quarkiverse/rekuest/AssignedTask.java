package io.quarkiverse.rekuest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A task this application assigned with {@link RemoteActionRef#assign}, followed from its creation to its end: its
 * events as they happen, its results, and the controls a caller has over it. The task runs until it ends on the server
 * whatever happens to the subscribers of this handle; only {@link #cancel()} and {@link #interrupt()} stop it.
 *
 * <pre>
 * AssignedTask task = rekuest.use("countdown").assign(Map.of("n", 3)).await().indefinitely();
 * task.updates().subscribe().with(update -> log(update.kind(), update.message()));
 * List&lt;Object&gt; counts = task.results().collect().asList().await().indefinitely();
 * </pre>
 */
public interface AssignedTask {

    /** The task's id on the server. */
    String id();

    /**
     * Every event of the task, in order and each once, from its assignment on. A subscriber gets the events already
     * received first, then the live ones; the stream completes after the task's terminal event ({@link
     * TaskUpdate#terminal()}). It fails, with a {@link RemoteCallException}, only when the task's end cannot be known:
     * its agent disconnected and did not come back in time, or it completed without the value it owed. Subscribe as
     * often as needed; cancelling a subscription does not cancel the task.
     */
    Multi<TaskUpdate> updates();

    /**
     * The values the task yielded, converted as {@link RemoteActionRef#iterate} converts them, replayed to every
     * subscriber. Completes when the task completes; fails as a call fails: {@link RemoteFailedException} when the task
     * failed, {@link RemoteCriticalException}, {@link RemoteCancelledException} when it was cancelled or interrupted.
     */
    Multi<Object> results();

    /** Asks the server to cancel the task; it then ends {@code CANCELLED} (seen in {@link #updates()}). */
    Uni<Void> cancel();

    /** Asks the server to interrupt the task (stop it without the agent's cooperation); it ends {@code INTERRUPTED}. */
    Uni<Void> interrupt();

    /** Asks the server to pause the task ({@code PAUSING}, then {@code PAUSED} from an agent that supports it). */
    Uni<Void> pause();

    /** Asks the server to resume a paused task ({@code RESUMING}, then {@code RESUMED}). */
    Uni<Void> resume();
}
