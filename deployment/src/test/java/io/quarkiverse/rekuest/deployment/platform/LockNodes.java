package io.quarkiverse.rekuest.deployment.platform;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkiverse.rekuest.Node;
import io.smallrye.common.annotation.Blocking;

/** Nodes with locks and concurrency limits, for {@link TaskLocksTest}. */
public class LockNodes {

    /** Start and end of every run, as "start:<tag>" / "end:<tag>", in the order they happened. */
    static final List<String> RUNS = new CopyOnWriteArrayList<>();
    static final AtomicInteger SEGMENTS_RUNNING = new AtomicInteger();
    static final AtomicInteger MAX_SEGMENTS_RUNNING = new AtomicInteger();

    @Node(locks = "stage", maxConcurrency = 1, reportWaiting = true)
    @Blocking
    public String moveStage(String tag, int millis) throws InterruptedException {
        return run(tag, millis);
    }

    /** Shares the stage with move_stage, does not report waiting. */
    @Node(locks = "stage")
    @Blocking
    public String focus(String tag, int millis) throws InterruptedException {
        return run(tag, millis);
    }

    /** Needs no lock: never waits for the stage. */
    @Node
    @Blocking
    public String free(String tag, int millis) throws InterruptedException {
        return run(tag, millis);
    }

    @Node(maxConcurrency = 2)
    @Blocking
    public String segment(String tag, int millis) throws InterruptedException {
        int now = SEGMENTS_RUNNING.incrementAndGet();
        MAX_SEGMENTS_RUNNING.accumulateAndGet(now, Math::max);
        try {
            return run(tag, millis);
        } finally {
            SEGMENTS_RUNNING.decrementAndGet();
        }
    }

    private static String run(String tag, int millis) throws InterruptedException {
        RUNS.add("start:" + tag);
        try {
            Thread.sleep(millis);
        } finally {
            RUNS.add("end:" + tag);
        }
        return tag;
    }
}
