package io.quarkiverse.rekuest.runtime;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.Context;

/**
 * What the agent and the caller tell an observer about their work: tasks started and finished, calls made, frames on
 * the agent socket, connections lost. The extension registers an implementation only when the application has an
 * observer for it (Micrometer: {@code io.quarkiverse.rekuest.runtime.metrics.RekuestMetrics}, OpenTelemetry:
 * {@code io.quarkiverse.rekuest.runtime.tracing.RekuestTracing}); otherwise every call goes to {@link #NONE}, whose
 * methods do nothing and which the JIT inlines away.
 * <p>
 * Two kinds of hooks: counts and timings by node or action ({@link #taskStarted}, {@link #callStarted}...: a
 * {@code long} start mark, nothing allocated), and one task or call followed as an object ({@link #taskOpened},
 * {@link #callOpened}...: a trace span), whose other hooks are only called when the first returned non-null.
 * <p>
 * Methods are called on the event loop, worker or virtual threads, often concurrently: they must be thread-safe, must
 * not block and must not throw. The names passed are low-cardinality (a node's interface, an action's key, an outcome
 * from a fixed set); task ids are only passed to the hooks that follow one task or call.
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

    // ------------------------------------------------------------------ one task or call followed (traces)

    /**
     * The agent took task {@code task} and is about to run it on {@code context}, the task's own duplicated Vert.x
     * context (its node, the {@code Uni} or {@code Multi} it returns and the calls it makes run there): an observer may
     * put on it what must follow the task's execution, such as a trace context. Called after {@link #taskStarted}.
     *
     * @param assign the {@code ASSIGN} frame ({@code parent}, {@code reference}...; read only)
     * @return what follows this task, handed back to {@link #taskClosed}; {@code null} when nothing does (then the
     *         agent calls no other task hook for it)
     */
    default Object taskOpened(String node, String task, JsonNode assign, Context context) {
        return null;
    }

    /**
     * A task {@link #taskOpened} followed ended (called after {@link #taskFinished}).
     *
     * @param error the message of its {@code FAILED} or {@code CRITICAL} report, else {@code null}
     * @param cause the exception behind it when there is one (the node's, the codec's), else {@code null}
     */
    default void taskClosed(Object trace, String outcome, String error, Throwable cause) {
    }

    /**
     * A call started (after {@link #callStarted}), on the thread that subscribed to it.
     *
     * @param parent the task that makes the call when it is made by a node, else {@code null}
     * @return what follows this call, handed back to the other call hooks; {@code null} when nothing does
     */
    default Object callOpened(String action, String parent) {
        return null;
    }

    /** The call is about to assign its task with {@code reference} (again for each retry). */
    default void callSending(Object trace, String reference) {
    }

    /** The server created the call's task (again for each retry). */
    default void callAssigned(Object trace, String task) {
    }

    /**
     * A call {@link #callOpened} followed ended (after {@link #callFinished}).
     *
     * @param failure what the caller got, {@code null} when it completed or was cancelled by the caller
     */
    default void callClosed(Object trace, String outcome, Throwable failure) {
    }

    /**
     * The observer beans combined: {@link #NONE} without any, the bean itself when there is one (Micrometer or
     * OpenTelemetry), both in turn when the application has both.
     */
    static RekuestEvents of(Instance<RekuestEvents> observers) {
        if (observers.isResolvable()) {
            return observers.get();
        }
        if (observers.isUnsatisfied()) {
            return NONE;
        }
        List<RekuestEvents> all = new ArrayList<>();
        observers.forEach(all::add);
        return new CombinedEvents(all);
    }
}
