package io.quarkiverse.rekuest.runtime.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Publishes the states' changes as {@code STATE_PATCH} frames and full {@code STATE_SNAPSHOT}s (protocol §2.4, §5.5).
 * <p>
 * <b>Coalescing.</b> A change only marks its state. The publisher looks at the marked states when the agent's
 * outbox can send at once (connected, nothing waiting, the server not estimated to be behind: the flow control of the
 * delivery guarantees) and sends the difference between what it sent last and the value now, one patch per changed
 * value. While the server is behind, it looks again every {@code flushInterval}; any number of changes in between
 * become one patch per changed value. So a burst of local changes costs the server what it can take, never more.
 * <p>
 * <b>Reconnects.</b> The server neither acknowledges nor de-duplicates patches, so none is re-sent: after every
 * (re)connection the publisher sends a full snapshot of every state instead, and patches continue from it. Every
 * {@code snapshotEvery} patches it sends another, so a watcher that missed some is exact again. {@code global_rev}
 * increases with every patch and snapshot over the life of the process (the session).
 */
public final class StatePublisher {

    private static final Logger LOG = Logger.getLogger(StatePublisher.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Where frames go: the agent's outbox. */
    public interface Sink {
        /** Whether a frame would be sent at once (connected, nothing queued, the server keeping up). */
        boolean canSendNow();

        /** Sends a frame that is not kept for a re-send (a reconnect sends a snapshot instead). */
        void send(ObjectNode frame);
    }

    /** Runs an action after a delay in ms, never on the caller's stack. */
    public interface Scheduler {
        void later(long delayMs, Runnable action);
    }

    private final StateRegistry registry;
    private final String sessionId;
    private final int snapshotEvery;
    private final long flushIntervalMs;
    private final Scheduler scheduler;
    private final Sink sink;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    // guarded by this
    private final Map<String, JsonNode> sent = new HashMap<>();
    private long globalRev;
    private int patchesSinceSnapshot;
    private boolean connected;
    private long patchesSent;
    private long snapshotsSent;

    public StatePublisher(StateRegistry registry, String sessionId, int snapshotEvery, long flushIntervalMs,
            Scheduler scheduler, Sink sink) {
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("quarkus.rekuest.agent.states.snapshot-every must be at least 1, got "
                    + snapshotEvery);
        }
        this.registry = registry;
        this.sessionId = sessionId;
        this.snapshotEvery = snapshotEvery;
        this.flushIntervalMs = Math.max(1, flushIntervalMs);
        this.scheduler = scheduler;
        this.sink = sink;
    }

    /** A state changed: look at it soon (once per burst). */
    void changed() {
        if (flushScheduled.compareAndSet(false, true)) {
            scheduler.later(0, this::scheduledFlush);
        }
    }

    private void scheduledFlush() {
        flushScheduled.set(false);
        if (!flush() && flushScheduled.compareAndSet(false, true)) {
            scheduler.later(flushIntervalMs, this::scheduledFlush);
        }
    }

    /**
     * A connection got {@code INIT}: a full snapshot goes out (queued behind what the outbox re-sends), then patches
     * continue from it.
     */
    public synchronized void connected() {
        connected = true;
        sendSnapshot();
    }

    /** The connection is gone: nothing is sent until the next {@link #connected()}. */
    public synchronized void disconnected() {
        connected = false;
    }

    /**
     * Sends what changed when the outbox can send at once.
     *
     * @return whether nothing is left to send (false: try again later)
     */
    synchronized boolean flush() {
        boolean anyDirty = false;
        for (LiveStateImpl<?> state : registry.states()) {
            anyDirty |= state.dirty;
        }
        if (!anyDirty) {
            return true;
        }
        if (!connected || !sink.canSendNow()) {
            return !connected; // not connected: the snapshot at the next INIT carries the changes
        }
        double ts = System.currentTimeMillis() / 1000.0;
        for (LiveStateImpl<?> state : registry.states()) {
            if (!state.dirty) {
                continue;
            }
            state.dirty = false; // before reading: a change made while we read marks it again
            String task = state.lastTask;
            JsonNode now = state.json();
            JsonNode before = sent.get(state.metadata.iface());
            if (now == null) {
                continue;
            }
            List<StateDiff.Op> ops = new ArrayList<>();
            if (before == null) {
                ops.add(new StateDiff.Op("replace", "", now, null));
            } else {
                StateDiff.diff(before, now, "", ops);
            }
            sent.put(state.metadata.iface(), now);
            for (StateDiff.Op op : ops) {
                sink.send(patch(state.metadata.iface(), op, task, ts));
                patchesSent++;
                if (++patchesSinceSnapshot >= snapshotEvery) {
                    sendSnapshot();
                }
            }
        }
        return true;
    }

    private ObjectNode patch(String iface, StateDiff.Op op, String task, double ts) {
        ObjectNode frame = frame("STATE_PATCH");
        frame.put("global_rev", ++globalRev);
        frame.put("state_name", iface);
        frame.put("ts", ts);
        frame.put("op", op.op());
        frame.put("path", op.path());
        frame.set("value", op.value() == null ? NODES.nullNode() : op.value());
        frame.set("old_value", op.old() == null ? NODES.nullNode() : op.old());
        frame.put("task_id", task);
        return frame;
    }

    private void sendSnapshot() {
        ObjectNode frame = frame("STATE_SNAPSHOT");
        frame.put("global_rev", ++globalRev);
        ObjectNode snapshots = frame.putObject("snapshots");
        for (LiveStateImpl<?> state : registry.states()) {
            state.dirty = false;
            JsonNode now = state.json();
            if (now != null) {
                snapshots.set(state.metadata.iface(), now);
                sent.put(state.metadata.iface(), now);
            }
        }
        patchesSinceSnapshot = 0;
        if (snapshots.isEmpty()) {
            return;
        }
        snapshotsSent++;
        sink.send(frame);
        LOG.debugf("State snapshot %d sent (global_rev %d)", snapshotsSent, globalRev);
    }

    private ObjectNode frame(String type) {
        ObjectNode frame = NODES.objectNode();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", type);
        frame.put("session_id", sessionId);
        return frame;
    }

    /** How many patches were sent so far (for tests and the benchmark). */
    public synchronized long patchesSent() {
        return patchesSent;
    }

    /** How many snapshots were sent so far. */
    public synchronized long snapshotsSent() {
        return snapshotsSent;
    }

    /** Whether a change is waiting to be sent. */
    public boolean hasPending() {
        for (LiveStateImpl<?> state : registry.states()) {
            if (state.dirty) {
                return true;
            }
        }
        return false;
    }
}
