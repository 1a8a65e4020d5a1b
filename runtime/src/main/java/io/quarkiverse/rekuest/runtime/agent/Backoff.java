package io.quarkiverse.rekuest.runtime.agent;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt {@code n} (from 1) waits {@code initial * factor^(n-1)}, capped at
 * {@code max}, spread randomly by {@code ±jitter} of itself so that many agents restarted together do not reconnect in
 * lockstep.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final double factor;
    private final double jitter;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, double factor, double jitter, DoubleSupplier random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.factor = Math.max(1.0, factor);
        this.jitter = Math.min(1.0, Math.max(0.0, jitter));
        this.random = random;
    }

    /** The delay before attempt {@code attempt} (1 = the first retry), in milliseconds, at least 1. */
    long delayMillis(int attempt) {
        double base = initialMillis * Math.pow(factor, Math.max(0, attempt - 1));
        base = Math.min(base, maxMillis);
        double spread = base * jitter * (2 * random.getAsDouble() - 1);
        return Math.max(1, Math.round(base + spread));
    }
}
