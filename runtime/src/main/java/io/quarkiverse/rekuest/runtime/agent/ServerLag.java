package io.quarkiverse.rekuest.runtime.agent;

/**
 * Estimates how far the server's consumer of this connection is behind what the agent sent. The server handles one
 * connection's frames strictly in order, each report costing it some database work (20–60 ms on a real v2.2.0), and
 * answers {@code HEARTBEAT}s only through that same queue: a backlog longer than its 5 s heartbeat budget closes the
 * socket (3001). The server never says how far behind it is, so the agent models it as a queue that drains one frame
 * per {@code cost}:
 * <ul>
 * <li>an {@code EVENT_ACK} says the server has just processed the acknowledged frame: what is left is what was sent
 * after it, times the cost;</li>
 * <li>the cost is measured from two acknowledgements in a row while the server was busy (the second frame was already
 * sent when the first was acknowledged): the time between them over the frames processed between them. Latency alone
 * (network, scheduling on a loaded machine) is never taken for work;</li>
 * <li>the next {@code HEARTBEAT} comes one heartbeat interval after the server processed our previous answer.</li>
 * </ul>
 * Not thread-safe: the outbox calls it under its own lock. Times are {@link System#nanoTime()} values.
 */
final class ServerLag {

    private static final long MIN_COST = 5_000; // 5 µs
    private static final long MAX_COST = 2_000_000_000L; // 2 s

    private long cost;
    /** When the server is predicted to have processed everything sent so far. */
    private long predictedDrain;
    /** Frames sent on this connection so far: the index of the last one. */
    private long sent;
    private long lastAckAt = -1;
    private long lastAckIndex;
    /** The server's heartbeat interval: the shortest gap seen between our answer and the next HEARTBEAT. */
    private long interval;
    private long answerSentAt = -1;
    private long answerIndex;

    /**
     * @param initialCost the cost per frame assumed before anything was measured
     * @param maxInterval the server's heartbeat interval at most (10 s on v2.2.0); refined by measurement
     */
    ServerLag(long initialCost, long maxInterval) {
        this.cost = clamp(initialCost);
        this.interval = maxInterval;
    }

    /** A new connection has a new consumer with nothing to do; the cost learned so far is kept. */
    void reset(long now) {
        predictedDrain = now;
        sent = 0;
        lastAckAt = -1;
        lastAckIndex = 0;
        answerSentAt = -1;
    }

    /** A frame was sent now; returns its index on this connection (for {@link #processed}). */
    long sent(long now) {
        predictedDrain = Math.max(now, predictedDrain) + cost;
        return ++sent;
    }

    /** How much work the server is estimated to have queued now. */
    long backlog(long now) {
        return Math.max(0, predictedDrain - now);
    }

    /** The frame of {@code index}, sent at {@code sentAt}, was processed at {@code processedAt}. */
    void processed(long index, long sentAt, long processedAt) {
        if (index <= lastAckIndex) {
            return;
        }
        if (lastAckAt >= 0 && sentAt <= lastAckAt) {
            // the server went from the previous acknowledged frame straight on to this one: its pace
            long sample = (processedAt - lastAckAt) / (index - lastAckIndex);
            cost = clamp((3 * cost + sample) / 4);
        }
        lastAckAt = processedAt;
        lastAckIndex = index;
        predictedDrain = processedAt + (sent - index) * cost;
    }

    /** Our {@code HEARTBEAT_ANSWER} was written now, behind everything sent before it. */
    void answerSent(long now) {
        answerSentAt = now;
        answerIndex = sent;
    }

    /** A {@code HEARTBEAT} arrived now: the previous answer was processed one interval ago. */
    void heartbeat(long now) {
        if (answerSentAt < 0) {
            return;
        }
        interval = Math.min(interval, now - answerSentAt);
        long processedAt = now - interval;
        predictedDrain = Math.max(now, processedAt + (sent - answerIndex) * cost);
        answerSentAt = -1;
    }

    private static long clamp(long value) {
        return Math.max(MIN_COST, Math.min(MAX_COST, value));
    }
}
