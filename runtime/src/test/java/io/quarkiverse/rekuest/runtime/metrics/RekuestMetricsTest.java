package io.quarkiverse.rekuest.runtime.metrics;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkiverse.rekuest.runtime.RekuestEvents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters behind each observer method, on a plain registry (no application). */
class RekuestMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RekuestMetrics metrics = new RekuestMetrics(registry, null, null, null);

    @Test
    void tasksAreCountedTimedAndTrackedInFlight() {
        long first = metrics.taskStarted("add");
        long second = metrics.taskStarted("add");
        assertEquals(2, registry.get(RekuestMetrics.TASKS_STARTED).tag("node", "add").counter().count());
        assertEquals(2, registry.get(RekuestMetrics.TASKS_ACTIVE).tag("node", "add").gauge().value());

        metrics.taskFinished("add", RekuestEvents.COMPLETED, first);
        metrics.taskFinished("add", RekuestEvents.CANCELLED, second);
        assertEquals(0, registry.get(RekuestMetrics.TASKS_ACTIVE).tag("node", "add").gauge().value());
        assertEquals(1, registry.get(RekuestMetrics.TASKS_FINISHED).tags("node", "add", "outcome", "completed").counter()
                .count());
        assertEquals(1, registry.get(RekuestMetrics.TASKS_FINISHED).tags("node", "add", "outcome", "cancelled").counter()
                .count());
        Timer completed = registry.get(RekuestMetrics.TASK_DURATION).tags("node", "add", "outcome", "completed").timer();
        assertEquals(1, completed.count());
        assertTrue(completed.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertNull(registry.find(RekuestMetrics.TASKS_FINISHED).tags("outcome", "failed").counter(),
                "an outcome's meters appear with its first task");
    }

    @Test
    void metersAreMadeOnceAndKept() {
        metrics.taskFinished("add", RekuestEvents.FAILED, metrics.taskStarted("add"));
        Timer timer = registry.get(RekuestMetrics.TASK_DURATION).tags("node", "add", "outcome", "failed").timer();
        metrics.taskFinished("add", RekuestEvents.FAILED, metrics.taskStarted("add"));
        assertSame(timer, registry.get(RekuestMetrics.TASK_DURATION).tags("node", "add", "outcome", "failed").timer());
        assertEquals(2, timer.count());
    }

    @Test
    void callsAreTimedByActionAndOutcome() {
        long call = metrics.callStarted("add");
        assertEquals(1, registry.get(RekuestMetrics.CALLS_ACTIVE).gauge().value());
        metrics.callFinished("add", RekuestEvents.COMPLETED, call);
        metrics.callFinished("add", RekuestEvents.DEADLINE, metrics.callStarted("add"));
        assertEquals(0, registry.get(RekuestMetrics.CALLS_ACTIVE).gauge().value());
        assertEquals(1, registry.get(RekuestMetrics.CALLS).tags("action", "add", "outcome", "completed").timer().count());
        assertEquals(1, registry.get(RekuestMetrics.CALLS).tags("action", "add", "outcome", "deadline").timer().count());
    }

    @Test
    void framesAndReconnects() {
        metrics.frameReceived();
        metrics.frameReceived();
        metrics.frameSent();
        metrics.connectionLost(3001);
        metrics.connectionLost(3001);
        metrics.connectionLost(-1);
        assertEquals(2, registry.get(RekuestMetrics.FRAMES).tag("direction", "in").counter().count());
        assertEquals(1, registry.get(RekuestMetrics.FRAMES).tag("direction", "out").counter().count());
        assertEquals(2, registry.get(RekuestMetrics.RECONNECTS).tag("code", "3001").counter().count());
        assertEquals(1, registry.get(RekuestMetrics.RECONNECTS).tag("code", "-1").counter().count());
    }

    @Test
    void theNoOpObserverTimesNothing() {
        assertEquals(0, RekuestEvents.NONE.taskStarted("add"));
        assertEquals(0, RekuestEvents.NONE.callStarted("add"));
    }
}
