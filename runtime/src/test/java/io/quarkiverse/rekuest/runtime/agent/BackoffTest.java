package io.quarkiverse.rekuest.runtime.agent;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reconnect backoff: growth by the factor, the cap, the jitter's bounds, attempts counted from 1 again. */
class BackoffTest {

    /** No jitter (the random value 0.5 maps to no spread). */
    private static Backoff exact(long initialMillis, long maxMillis, double factor) {
        return new Backoff(Duration.ofMillis(initialMillis), Duration.ofMillis(maxMillis), factor, 0.2, () -> 0.5);
    }

    @Test
    void growsByTheFactorFromTheInitialDelay() {
        Backoff backoff = exact(500, 60_000, 2.0);
        assertEquals(500, backoff.delayMillis(1));
        assertEquals(1000, backoff.delayMillis(2));
        assertEquals(2000, backoff.delayMillis(3));
        assertEquals(4000, backoff.delayMillis(4));
        assertEquals(8000, backoff.delayMillis(5));

        Backoff slow = exact(100, 60_000, 1.5);
        assertEquals(100, slow.delayMillis(1));
        assertEquals(150, slow.delayMillis(2));
        assertEquals(225, slow.delayMillis(3));
    }

    @Test
    void isCappedAtTheMaximumForever() {
        Backoff backoff = exact(500, 30_000, 2.0);
        assertEquals(16_000, backoff.delayMillis(6));
        assertEquals(30_000, backoff.delayMillis(7));
        assertEquals(30_000, backoff.delayMillis(100));
        // unlimited attempts: no overflow, still the cap
        assertEquals(30_000, backoff.delayMillis(Integer.MAX_VALUE));
    }

    @Test
    void jitterSpreadsEachDelayWithinPlusMinusItsFraction() {
        Backoff low = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(30), 2.0, 0.2, () -> 0.0);
        Backoff high = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(30), 2.0, 0.2, () -> 1.0);
        assertEquals(800, low.delayMillis(1));
        assertEquals(1200, high.delayMillis(1));
        assertEquals(1600, low.delayMillis(2));
        assertEquals(2400, high.delayMillis(2));
        // the jitter applies to the capped delay too
        assertEquals(24_000, low.delayMillis(50));
        assertEquals(36_000, high.delayMillis(50));

        Backoff random = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(30), 2.0, 0.2,
                () -> ThreadLocalRandom.current().nextDouble());
        long min = Long.MAX_VALUE, max = 0;
        for (int i = 0; i < 10_000; i++) {
            long delay = random.delayMillis(3);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertTrue(min >= 3200 && max <= 4800, min + ".." + max);
        assertTrue(max - min > 1000, "the delays are actually spread: " + min + ".." + max);
    }

    @Test
    void attemptsCountFromOneAgainAfterAReset() {
        // the agent resets its attempt counter after a connection that lived long enough; the delay depends on the
        // attempt only, so the first retry after a reset waits the initial delay again
        Backoff backoff = exact(200, 10_000, 3.0);
        assertEquals(5400, backoff.delayMillis(4));
        assertEquals(200, backoff.delayMillis(1));
        assertEquals(200, backoff.delayMillis(0), "attempt 0 (before any failure) is treated as the first");
    }

    @Test
    void nonsenseSettingsAreClamped() {
        // a factor below 1 would shrink the delay: treated as 1; jitter above 1 could make it negative: at most 1
        Backoff flat = new Backoff(Duration.ofMillis(300), Duration.ofSeconds(5), 0.5, 0.0, () -> 0.5);
        assertEquals(300, flat.delayMillis(1));
        assertEquals(300, flat.delayMillis(10));
        Backoff wild = new Backoff(Duration.ofMillis(300), Duration.ofSeconds(5), 2.0, 5.0, () -> 0.0);
        assertEquals(1, wild.delayMillis(1), "never below 1 ms");
        // a maximum below the initial delay: the initial delay wins
        Backoff inverted = new Backoff(Duration.ofSeconds(2), Duration.ofMillis(100), 2.0, 0.0, () -> 0.5);
        assertEquals(2000, inverted.delayMillis(5));
        // zero initial delay: at least 1 ms
        Backoff zero = new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2.0, 0.0, () -> 0.5);
        assertEquals(1, zero.delayMillis(1));
        assertEquals(2, zero.delayMillis(2));
    }
}
