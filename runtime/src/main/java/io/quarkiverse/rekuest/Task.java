package io.quarkiverse.rekuest;

import java.util.Optional;

/**
 * The handle of the task a {@link Node} method is running. Declare a parameter of this type to get it; it
 * is not a port of the action.
 * <p>
 * Nothing is sent to the caller unless the method asks for it: the rekuest server writes every event to
 * its database, so progress and log lines are worth sending only when someone wants to read them.
 */
public interface Task {

    /** The id of the task, unique on the rekuest server. */
    String taskId();

    /** The id of the task that assigned this one, when it was assigned from inside another task. */
    Optional<String> parentTaskId();

    /** The id of the user on whose behalf the task runs. */
    String user();

    /** The id of the organization in which the task runs. */
    String organization();

    /** The provenance token the server minted for this task, when it minted one. */
    Optional<String> provenanceToken();

    /**
     * Reports progress to the caller.
     *
     * @param percent how far the task is, from 0 to 100
     * @param message what the task is doing, or {@code null}
     */
    void progress(int percent, String message);

    /**
     * Sends a log line to the caller.
     *
     * @param level the level of the line
     * @param message the line
     */
    void log(LogLevel level, String message);

    /** Sends a log line at {@link LogLevel#INFO} to the caller. */
    default void log(String message) {
        log(LogLevel.INFO, message);
    }

    /**
     * Whether the caller cancelled or interrupted the task. A long-running blocking method should check it
     * between steps and stop; a {@code Uni} or {@code Multi} is cancelled for it.
     */
    boolean isCancelled();

    /**
     * A point where the task may be paused: returns at once, unless the caller paused the task, in which
     * case it blocks until the caller resumes it. Call it from a worker or virtual thread only, never from
     * the event loop.
     *
     * @throws java.util.concurrent.CancellationException if the task is cancelled while paused
     */
    void pausePoint();
}
