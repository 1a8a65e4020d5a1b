package io.quarkiverse.rekuest.runtime.agent;

import java.util.Optional;
import java.util.concurrent.CancellationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.LogLevel;
import io.quarkiverse.rekuest.Task;
import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkiverse.rekuest.runtime.codec.NodeCodec;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;

/**
 * One task this agent runs: the {@link Task} handle given to the node, and the state the agent needs to cancel,
 * pause and finish it. Every report it sends goes through the agent's outbox; the first terminal report wins.
 */
final class TaskRun implements Task {

    final String id;
    final RegisteredNode node;
    final NodeCodec codec;
    private final JsonNode assign;
    private final Outbox outbox;
    private final RekuestEvents events;
    /** What {@link RekuestEvents#taskStarted} returned; set by {@link #begin} before the task is scheduled. */
    private volatile long startMark;
    /** What {@link RekuestEvents#taskOpened} returned (a span), or {@code null}; set by {@link #begin}. */
    private volatile Object trace;

    /** CANCELLED, INTERRUPTED (or CRITICAL at shutdown) once the task is to stop. */
    private volatile String stopReport;
    /** The error of a CRITICAL stop report. */
    private volatile String stopError;
    private volatile boolean done;
    /** The thread running a blocking node, to interrupt it. Guarded by {@code this}. */
    private Thread thread;
    /** The subscription of a {@code Uni} / {@code Multi} node. Guarded by {@code this}. */
    private Cancellable subscription;

    private final Object pauseLock = new Object();
    private boolean pauseRequested;
    private boolean paused;

    TaskRun(String id, RegisteredNode node, JsonNode assign, Outbox outbox, RekuestEvents events) {
        this.id = id;
        this.node = node;
        this.codec = node.codec();
        this.assign = assign;
        this.outbox = outbox;
        this.events = events;
    }

    /** The agent took the task (once, before it is scheduled on {@code context}): tells the observer. */
    void begin(Context context) {
        String iface = node.metadata().interfaceName();
        startMark = events.taskStarted(iface);
        trace = events.taskOpened(iface, id, assign, context);
    }

    // ------------------------------------------------------------------ the Task handle

    @Override
    public String taskId() {
        return id;
    }

    @Override
    public Optional<String> parentTaskId() {
        return Optional.ofNullable(Frames.text(assign, "parent"));
    }

    @Override
    public String user() {
        return Frames.text(assign, "user");
    }

    @Override
    public String organization() {
        return Frames.text(assign, "org");
    }

    @Override
    public Optional<String> provenanceToken() {
        return Optional.ofNullable(Frames.text(assign, "token"));
    }

    @Override
    public void progress(int percent, String message) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("progress must be between 0 and 100, got " + percent);
        }
        ObjectNode frame = Frames.report("PROGRESS", id);
        frame.put("progress", percent);
        frame.put("message", message);
        sendIfRunning(frame);
    }

    @Override
    public void log(LogLevel level, String message) {
        ObjectNode frame = Frames.report("LOG", id);
        frame.put("message", message == null ? "" : message);
        frame.put("level", (level == null ? LogLevel.INFO : level).name());
        sendIfRunning(frame);
    }

    @Override
    public boolean isCancelled() {
        return stopReport != null;
    }

    @Override
    public void pausePoint() {
        synchronized (pauseLock) {
            if (!pauseRequested || stopReport != null) {
                checkCancelled();
                return;
            }
            paused = true;
            sendIfRunning(Frames.report("PAUSED", id));
            while (paused && stopReport == null) {
                try {
                    pauseLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("Task " + id + " was interrupted while paused");
                }
            }
            checkCancelled();
        }
    }

    private void checkCancelled() {
        if (stopReport != null) {
            throw new CancellationException("Task " + id + " was cancelled");
        }
    }

    // ------------------------------------------------------------------ agent side

    boolean isDone() {
        return done;
    }

    String stopReport() {
        return stopReport;
    }

    /** The terminal report of a stopped task. */
    ObjectNode stopFrame() {
        String error = stopError;
        return error == null ? Frames.report(stopReport, id) : Frames.error(stopReport, id, error);
    }

    /** Sends a non-terminal report unless the task is finished. */
    void sendIfRunning(ObjectNode frame) {
        awaitOutbox();
        synchronized (this) {
            if (!done) {
                outbox.report(frame, id);
            }
        }
    }

    /**
     * Holds a thread that may block (a worker or virtual thread, never an event loop) while the outbox is full: a node
     * that reports faster than the server takes it is slowed down instead of filling the memory.
     */
    private void awaitOutbox() {
        if (Context.isOnEventLoopThread() || outbox.hasCapacity()) {
            return;
        }
        try {
            outbox.awaitCapacity();
        } catch (InterruptedException e) {
            // cancelled while waiting: the report is still kept, the interrupt is for the node to see
            Thread.currentThread().interrupt();
        }
    }

    /** Told once the terminal report is out (the task gate gives back locks and slots). */
    private volatile Runnable onDone;

    void whenDone(Runnable action) {
        onDone = action;
    }

    /** Sends the terminal report, unless one was sent already. */
    boolean finish(ObjectNode terminal) {
        return finish(terminal, null);
    }

    /** Sends the terminal report caused by {@code cause} (a failure, for the observer), unless one was sent already. */
    boolean finish(ObjectNode terminal, Throwable cause) {
        if (!finishOnce(terminal, cause)) {
            return false;
        }
        Runnable done = onDone;
        if (done != null) {
            done.run();
        }
        return true;
    }

    private synchronized boolean finishOnce(ObjectNode terminal, Throwable cause) {
        if (done) {
            return false;
        }
        done = true;
        subscription = null;
        outbox.report(terminal, id);
        String outcome = outcome(Frames.text(terminal, "type"));
        events.taskFinished(node.metadata().interfaceName(), outcome, startMark);
        if (trace != null) {
            events.taskClosed(trace, outcome, Frames.text(terminal, "error"), cause);
        }
        return true;
    }

    /** The outcome of a terminal report, as {@link RekuestEvents} names it. */
    static String outcome(String type) {
        return switch (type == null ? "" : type) {
            case "COMPLETED" -> RekuestEvents.COMPLETED;
            case "FAILED" -> RekuestEvents.FAILED;
            case "CANCELLED" -> RekuestEvents.CANCELLED;
            case "INTERRUPTED" -> RekuestEvents.INTERRUPTED;
            default -> RekuestEvents.CRITICAL;
        };
    }

    /** Yields one value, unless finished. */
    void yieldValue(ObjectNode returns) {
        ObjectNode frame = Frames.report("YIELD", id);
        frame.set("returns", returns);
        sendIfRunning(frame);
    }

    /** Registers the running thread; false when the task was stopped before it started. */
    synchronized boolean enter(Thread current) {
        if (stopReport != null || done) {
            return false;
        }
        thread = current;
        return true;
    }

    /** Unregisters the running thread and clears an interrupt this task caused. */
    synchronized void exit() {
        if (thread != null && thread == Thread.currentThread() && stopReport != null) {
            Thread.interrupted();
        }
        thread = null;
    }

    /** Registers the subscription of an async node; cancels it at once when the task was stopped meanwhile. */
    synchronized void subscribed(Cancellable cancellable) {
        if (done) {
            cancellable.cancel();
        } else if (stopReport != null) {
            cancellable.cancel();
            finish(stopFrame());
        } else {
            subscription = cancellable;
        }
    }

    /**
     * The caller asks to stop the task (CANCEL or INTERRUPT). An async node is cancelled and reported at once; a
     * blocking node is interrupted and reported when its method returns, except for INTERRUPT, which is forceful and
     * reported at once.
     *
     * @param report CANCELLED or INTERRUPTED
     */
    void stop(String report) {
        stop(report, null, "INTERRUPTED".equals(report));
    }

    /** At shutdown: stops the task and reports it CRITICAL at once with {@code error}. */
    void abort(String error) {
        stop("CRITICAL", error, true);
    }

    private void stop(String report, String error, boolean forceful) {
        Cancellable cancel;
        boolean reportNow;
        synchronized (this) {
            if (done) {
                return;
            }
            if (stopReport == null || forceful) {
                stopReport = report;
                stopError = error;
            }
            cancel = subscription;
            subscription = null;
            if (thread != null) {
                thread.interrupt();
            }
            reportNow = cancel != null || forceful || (thread == null && !started);
        }
        synchronized (pauseLock) {
            pauseLock.notifyAll();
        }
        if (cancel != null) {
            cancel.cancel();
        }
        if (reportNow) {
            finish(stopFrame());
        }
    }

    /** Ends the task with {@code terminal} (a bad yield) and cancels its subscription. */
    void fail(ObjectNode terminal) {
        Cancellable cancel;
        synchronized (this) {
            cancel = subscription;
            subscription = null;
        }
        finish(terminal);
        if (cancel != null) {
            cancel.cancel();
        }
    }

    /** Whether the node method was entered (or subscribed to). */
    private volatile boolean started;

    void markStarted() {
        started = true;
    }

    /** PAUSE: the task pauses at its next pause point and reports PAUSED there. */
    void pause() {
        synchronized (pauseLock) {
            pauseRequested = true;
        }
    }

    /** RESUME: releases a paused task (with {@code step}, it pauses again at the next pause point). */
    void resume(boolean step) {
        synchronized (pauseLock) {
            pauseRequested = step;
            paused = false;
            pauseLock.notifyAll();
        }
        sendIfRunning(Frames.report("RESUMED", id));
    }
}
