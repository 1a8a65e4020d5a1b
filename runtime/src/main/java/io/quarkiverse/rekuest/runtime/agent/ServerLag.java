package io.quarkiverse.rekuest.runtime.agent;

/**
 * Estimates how far the server's consumer of this connection is behind what the agent sent. The server handles one
 * connection's frames strictly in order, each report costing it some database work (20–60 ms on a real v2.2.0), and
 * answers {@code HEARTBEAT}s only through that same queue: a backlog longer than its 5 s heartbeat budget closes the
 * socket (3001). The server never says how far behind it is, so the agent models it as a queue that drains one frame
 * per {@code cost}, and corrects {@code cost} whenever it learns when a frame was really processed:
 * <ul>
 * <li>an {@code EVENT_ACK} is sent right after the server processed the acknowledged report;</li>
 * <li>the next {@code HEARTBEAT} comes one heartbeat interval after the server processed our previous answer.</li>
 * </ul>
 * Not thread-safe: the outbox calls it under its own lock. Times are {@link System#nanoTime()} values.
 */
final class ServerLag {

    private static final long MIN_COST = 5_000; // 5 µs
    private static final long MAX_COST = 2_000_000_000L; // 2 s
    /** Below this, latencies are network and scheduling noise, not the server's work. */
    private static final long NOISE = 1_000_000; // 1 ms

    private long cost;
    /** When the server is predicted to have processed everything sent so far. */
    private long predictedDrain;
    /** The server's heartbeat interval: the shortest gap seen between our answer and the next HEARTBEAT. */
    private long interval;
    private long answerSentAt = -1;
    private long answerPredicted;

    /**
     * @param initialCost the cost per frame assumed before anything was measured
     * @param maxInterval the server's heartbeat interval at most (10 s on v2.2.0); refined by measurement
     */
    ServerLag(long initialCost, long maxInterval) {
        this.cost = clamp(initialCost, MIN_COST, MAX_COST);
        this.interval = maxInterval;
    }

    /** A new connection has a new consumer with nothing to do; the cost learned so far is kept. */
    void reset(long now) {
        predictedDrain = now;
        answerSentAt = -1;
    }

    /** A frame was sent now; returns when the server is predicted to have processed it. */
    long sent(long now) {
        predictedDrain = Math.max(now, predictedDrain) + cost;
        return predictedDrain;
    }

    /** How much work the server is estimated to have queued now. */
    long backlog(long now) {
        return Math.max(0, predictedDrain - now);
    }

    /** A frame sent at {@code sentAt}, predicted done at {@code predicted}, was processed by {@code processedAt}. */
    void processed(long sentAt, long predicted, long processedAt) {
        long actual = Math.max(0, processedAt - sentAt);
        long expected = Math.max(0, predicted - sentAt);
        double ratio = (double) (actual + NOISE) / (expected + NOISE);
        ratio = Math.max(0.1, Math.min(10, ratio));
        // halfway (geometrically) towards what this sample says: one late ack does not halve the throughput
        cost = clamp(Math.round(cost * Math.sqrt(ratio)), MIN_COST, MAX_COST);
        // what was sent after this frame is as much later (or earlier) as this one was
        predictedDrain = Math.max(processedAt, predictedDrain + (processedAt - predicted));
    }

    /** Our {@code HEARTBEAT_ANSWER} was written now, behind everything sent before it. */
    void answerSent(long now) {
        answerSentAt = now;
        answerPredicted = Math.max(now, predictedDrain);
    }

    /** A {@code HEARTBEAT} arrived now: the previous answer was processed one interval ago. */
    void heartbeat(long now) {
        if (answerSentAt < 0) {
            return;
        }
        long gap = now - answerSentAt;
        interval = Math.min(interval, gap);
        processed(answerSentAt, answerPredicted, now - interval);
        answerSentAt = -1;
    }

    long cost() {
        return cost;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
