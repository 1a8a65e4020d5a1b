package io.quarkiverse.rekuest.test.wire;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The loop every fuzz suite shares: a seeded {@link Random} ({@code -Drekuest.fuzz.seed} replays a run), a case count
 * ({@code -Drekuest.fuzz.count}, 300 by default, 10,000 in the long profile), the outcome of each case tallied, the
 * slowest case timed, and the JVM's resources checked around the run: after the cases, the thread count comes back to
 * at most its baseline plus {@value #THREAD_SLACK} and the heap used after a full GC to at most its baseline plus
 * {@link #heapSlackBytes()} (bounded growth: a handler that keeps something per bad input, a socket or a task, grows
 * with the count; caches filled once do not). The server under test runs in this JVM, so these are its numbers.
 */
public final class FuzzRun {

    /** One case: returns the name of its outcome (tallied), or throws to fail the run. */
    @FunctionalInterface
    public interface Case {
        String run(Random random, int index) throws Exception;
    }

    public static final long SEED = Long.getLong("rekuest.fuzz.seed", 20261204L);
    public static final int COUNT = Integer.getInteger("rekuest.fuzz.count", 300);
    static final int THREAD_SLACK = 4;

    private final String name;
    private final Map<String, Integer> outcomes = new LinkedHashMap<>();
    private long slowestMs;
    private long elapsedMs;
    private int threadsBefore, threadsAfter;
    private long heapBefore, heapAfter;

    private FuzzRun(String name) {
        this.name = name;
    }

    /**
     * Runs {@link #COUNT} cases from seed {@link #SEED}, after which it checks that threads and heap are flat, and
     * prints one summary line. Warm the server up (a round trip) before calling: the baseline is taken here.
     */
    public static FuzzRun run(String name, Case c) throws Exception {
        FuzzRun run = new FuzzRun(name);
        Random random = new Random(SEED);
        run.threadsBefore = threads();
        run.heapBefore = heapAfterGc();
        long started = System.nanoTime();
        for (int i = 0; i < COUNT; i++) {
            long t0 = System.nanoTime();
            String outcome = c.run(random, i);
            run.slowestMs = Math.max(run.slowestMs, (System.nanoTime() - t0) / 1_000_000);
            run.outcomes.merge(outcome == null ? "ok" : outcome, 1, Integer::sum);
        }
        run.elapsedMs = (System.nanoTime() - started) / 1_000_000;
        run.threadsAfter = awaitThreadsAtMost(run.threadsBefore + THREAD_SLACK);
        run.heapAfter = awaitHeapAtMost(run.heapBefore + heapSlackBytes());
        System.out.println(run);
        return run;
    }

    public Map<String, Integer> outcomes() {
        return Map.copyOf(outcomes);
    }

    /**
     * What the heap may grow by: 16 MiB plus 8 KiB a case (a leak of a socket or a task per case is larger than 8 KiB
     * with its buffers; the slack covers what a JIT, class loading and the first use of a code path keep).
     */
    public static long heapSlackBytes() {
        return 16L * 1024 * 1024 + 8L * 1024 * COUNT;
    }

    @Override
    public String toString() {
        return String.format("%s: %d cases, seed %d, %d ms (slowest case %d ms); outcomes %s; threads %d -> %d;"
                + " heap after GC %d -> %d KiB", name, COUNT, SEED, elapsedMs, slowestMs, outcomes, threadsBefore,
                threadsAfter, heapBefore / 1024, heapAfter / 1024);
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** The heap in use after a full GC (System.gc is a request: asked twice, the smaller reading taken). */
    static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static int awaitThreadsAtMost(int limit) throws InterruptedException {
        int threads = 0;
        for (int i = 0; i < 50; i++) {
            threads = threads();
            if (threads <= limit) {
                return threads;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("threads grew to " + threads + " (at most " + limit + " expected): a handler leaks threads");
    }

    private static long awaitHeapAtMost(long limit) throws InterruptedException {
        long heap = 0;
        for (int i = 0; i < 10; i++) {
            heap = heapAfterGc();
            if (heap <= limit) {
                return heap;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("heap after GC grew to " + heap / 1024 + " KiB (at most " + limit / 1024
                + " KiB expected after " + COUNT + " cases): something is kept per input");
    }
}
