package io.quarkiverse.rekuest.devserver.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

import io.vertx.core.Vertx;

/**
 * The single consumer of one {@code /agi} connection, as the real server's Channels consumer: every piece of work
 * (an inbound frame, a mirror event) is queued and handled strictly one at a time in arrival order, each after
 * spending its cost. The cost is spent with Vert.x timers, never by blocking the event loop, so a backlog builds up
 * exactly as on a server whose every report costs database time.
 * <p>
 * Not thread-safe: every method must be called on the connection's own context (timers set from it fire on it).
 */
final class ConnectionConsumer {

    /** A piece of work and the milliseconds it costs before it takes effect. */
    private record Work(long costMillis, Runnable action) {
    }

    private final Vertx vertx;
    /** Gets what a piece of work threw (the connection's last resort). */
    private final Consumer<Throwable> onFailure;
    private final Deque<Work> backlog = new ArrayDeque<>();
    /** A cost or stall timer is pending: the head of the line is taken. */
    private boolean waiting;
    /** The pending timer is the cost of a piece of work (not a stall). */
    private boolean working;
    private long timer = -1;
    private long stalledUntilNanos;
    private boolean cancelled;
    /** Work is running right now: work it submits waits its turn instead of running nested. */
    private boolean pumping;
    /** Set once the connection closed: run when the backlog is empty. */
    private Runnable whenDrained;
    private long drainTimer = -1;

    ConnectionConsumer(Vertx vertx, Consumer<Throwable> onFailure) {
        this.vertx = vertx;
        this.onFailure = onFailure;
    }

    /**
     * Runs one piece of work. What it throws never reaches the event loop: what waits behind it is dropped (it belongs
     * to a connection that the failure handler closes) and the failure goes to {@link #onFailure}. The consumer is not
     * cancelled, so {@link #drainThen} still runs the disconnect handling once the connection is closed.
     */
    private void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | StackOverflowError e) {
            backlog.clear();
            onFailure.accept(e);
        }
    }

    /** Queues work behind everything already waiting; ignored once the consumer was cancelled. */
    void submit(long costMillis, Runnable action) {
        if (cancelled) {
            return;
        }
        backlog.addLast(new Work(costMillis, action));
        pump();
    }

    /** Stops taking work for this long; what arrives meanwhile queues up (a fault, or a slow database). */
    void stall(long millis) {
        if (cancelled || millis <= 0) {
            return;
        }
        stalledUntilNanos = Math.max(stalledUntilNanos, System.nanoTime() + millis * 1_000_000);
        pump();
    }

    /** How many pieces of work wait, the one spending its cost included. */
    int backlog() {
        return backlog.size() + (working ? 1 : 0);
    }

    /**
     * The connection closed: keep working through the backlog for at most {@code timeoutMillis}. If it empties in
     * time, {@code onDrained} runs; otherwise the rest is dropped and {@code onDrained} never runs (like an ASGI host
     * cancelling the consumer after its {@code application_close_timeout}).
     */
    void drainThen(long timeoutMillis, Runnable onDrained) {
        if (cancelled || whenDrained != null) {
            return;
        }
        whenDrained = onDrained;
        if (idle()) {
            finishDrain();
            return;
        }
        drainTimer = vertx.setTimer(Math.max(1, timeoutMillis), id -> {
            drainTimer = -1;
            cancel();
        });
    }

    /** Drops the backlog and the work in progress; nothing runs afterwards. */
    void cancel() {
        cancelled = true;
        backlog.clear();
        whenDrained = null;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        if (drainTimer >= 0) {
            vertx.cancelTimer(drainTimer);
            drainTimer = -1;
        }
        waiting = false;
        working = false;
    }

    private boolean idle() {
        return backlog.isEmpty() && !waiting;
    }

    private void pump() {
        if (pumping) {
            return; // work queued by the running work: the loop below takes it next
        }
        pumping = true;
        try {
            pumpLoop();
        } finally {
            pumping = false;
        }
        if (whenDrained != null && idle() && !cancelled) {
            finishDrain();
        }
    }

    private void pumpLoop() {
        // a loop, not recursion: zero-cost work (the default) runs inline, so a long backlog cannot grow the stack
        while (!waiting && !cancelled && !backlog.isEmpty()) {
            long stalledFor = (stalledUntilNanos - System.nanoTime()) / 1_000_000;
            if (stalledUntilNanos != 0 && stalledFor > 0) {
                waitThen(stalledFor, () -> {
                });
                return;
            }
            stalledUntilNanos = 0;
            Work work = backlog.peekFirst();
            if (work.costMillis() > 0) {
                backlog.pollFirst();
                working = true;
                waitThen(work.costMillis(), work.action());
                return;
            }
            backlog.pollFirst();
            run(work.action());
        }
    }

    /** Takes the head of the line for {@code millis}, then runs {@code then} and goes on. */
    private void waitThen(long millis, Runnable then) {
        waiting = true;
        timer = vertx.setTimer(Math.max(1, millis), id -> {
            timer = -1;
            waiting = false;
            working = false;
            if (!cancelled) {
                pumping = true;
                try {
                    run(then);
                } finally {
                    pumping = false;
                }
                pump();
            }
        });
    }

    private void finishDrain() {
        Runnable onDrained = whenDrained;
        whenDrained = null;
        cancelled = true; // a closed connection takes no more work
        if (drainTimer >= 0) {
            vertx.cancelTimer(drainTimer);
            drainTimer = -1;
        }
        run(onDrained);
    }
}
