package io.quarkiverse.rekuest.runtime.agent;

import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.runtime.RekuestEvents;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The outcome the metrics get for each terminal report of a task. */
class TaskOutcomeMetricsTest {

    @Test
    void everyTerminalReportHasItsOutcome() {
        assertEquals(RekuestEvents.COMPLETED, TaskRun.outcome("COMPLETED"));
        assertEquals(RekuestEvents.FAILED, TaskRun.outcome("FAILED"));
        assertEquals(RekuestEvents.CRITICAL, TaskRun.outcome("CRITICAL"));
        assertEquals(RekuestEvents.CANCELLED, TaskRun.outcome("CANCELLED"));
        assertEquals(RekuestEvents.INTERRUPTED, TaskRun.outcome("INTERRUPTED"));
    }
}
