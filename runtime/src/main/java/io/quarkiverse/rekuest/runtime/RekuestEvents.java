package io.quarkiverse.rekuest.runtime;

import jakarta.enterprise.inject.Instance;

/**
 * What the agent and the caller tell an observer about their work: tasks started and finished, calls made, frames on
 * the agent socket, connections lost. The extension registers an implementation only when the application has an
 * observer for it (Micrometer: {@code io.quarkiverse.rekuest.runtime.metrics.RekuestMetrics}); otherwise every call goes
 * to {@link #NONE}, whose methods do nothing and which the JIT inlines away.
 * <p>
 * Methods are called on the event loop, worker or virtual threads, often concurrently: they must be thread-safe, must
 * not block and must not throw. The names passed are low-cardinality (a node's interface, an action's key, an outcome
 * from a fixed set); task ids are never passed.
 */
public interface RekuestEvents {

    /** Outcomes of a task run by the agent (its terminal report, lower case). */
    String COMPLETED = "completed";
    String FAILED = "failed";
    String CRITICAL = "critical";
    String CANCELLED = "cancelled";
    String INTERRUPTED = "interrupted";

    /** Outcomes of a call only the caller side knows (besides the above). */
    String DEADLINE = "deadline";
    String DISCONNECTED = "disconnected";
    String ERROR = "error";

    /** Does nothing. */
    RekuestEvents NONE = new RekuestEvents() {
    };

    /**
     * The agent took an {@code ASSIGN} for {@code node} (its interface) and will run it.
     *
     * @return a start mark handed back to {@link #taskFinished}; {@code 0} when not timed
     */
    default long taskStarted(String node) {
        return 0;
    }

    /**
     * A task the agent ran ended: its terminal report is queued. Called once per {@link #taskStarted}.
     *
     * @param outcome {@link #COMPLETED}, {@link #FAILED}, {@link #CRITICAL}, {@link #CANCELLED} or
     *        {@link #INTERRUPTED}
     * @param started what {@link #taskStarted} returned
     */
    default void taskFinished(String node, String outcome, long started) {
    }

    /** A frame arrived on the agent socket. */
    default void frameReceived() {
    }

    /** A frame was written to the agent socket. */
    default void frameSent() {
    }

    /**
     * An established agent connection (one that had got {@code INIT}) ended; the agent reconnects unless the code is
     * final.
     *
     * @param code the close code, {@code -1} when the agent gave up on the connection itself (silent server, BOUNCE)
     */
    default void connectionLost(int code) {
    }

    /**
     * A call through a {@code @RekuestClient} proxy or the {@code Rekuest} API started.
     *
     * @param action the action's key (or {@code hash:<hash>} for a call by hash)
     * @return a start mark handed back to {@link #callFinished}; {@code 0} when not timed
     */
    default long callStarted(String action) {
        return 0;
    }

    /**
     * A call ended (retries included): once per {@link #callStarted}.
     *
     * @param outcome {@link #COMPLETED}, {@link #FAILED}, {@link #CRITICAL}, {@link #CANCELLED} (on the server, by the
     *        caller or with its parent task), {@link #DEADLINE}, {@link #DISCONNECTED} or {@link #ERROR} (no
     *        implementation, arguments or results that do not fit, the server unreachable...)
     */
    default void callFinished(String action, String outcome, long started) {
    }

    /** The observer bean when the application has one, else {@link #NONE}. */
    static RekuestEvents of(Instance<RekuestEvents> observers) {
        return observers.isResolvable() ? observers.get() : NONE;
    }
}
