package io.quarkiverse.rekuest.runtime.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.NoImplementationException;
import io.quarkiverse.rekuest.RemoteCallException;
import io.quarkiverse.rekuest.RemoteCancelledException;
import io.quarkiverse.rekuest.RemoteCriticalException;
import io.quarkiverse.rekuest.RemoteDeadlineException;
import io.quarkiverse.rekuest.RemoteDisconnectedException;
import io.quarkiverse.rekuest.RemoteFailedException;
import io.quarkiverse.rekuest.RemoteMissingResultException;
import io.quarkiverse.rekuest.runtime.RekuestEvents;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The outcome the metrics get for each way a call fails. */
class CallOutcomeMetricsTest {

    @Test
    void everyFailureHasItsOutcome() {
        assertEquals(RekuestEvents.FAILED, RemoteTask.outcome(new RemoteFailedException("add", "1", "no")));
        assertEquals(RekuestEvents.CRITICAL, RemoteTask.outcome(new RemoteCriticalException("add", "1", "boom")));
        assertEquals(RekuestEvents.CANCELLED, RemoteTask.outcome(new RemoteCancelledException("cancelled", "1")));
        assertEquals(RekuestEvents.CANCELLED, RemoteTask.outcome(RemoteTask.parentCancelled("0")));
        assertEquals(RekuestEvents.CANCELLED, RemoteTask.outcome(new CancellationException()));
        assertEquals(RekuestEvents.DEADLINE,
                RemoteTask.outcome(new RemoteDeadlineException("add", "1", Duration.ofSeconds(1))));
        assertEquals(RekuestEvents.DISCONNECTED, RemoteTask.outcome(new RemoteDisconnectedException("gone", "1")));
        assertEquals(RekuestEvents.ERROR, RemoteTask.outcome(new NoImplementationException("none", null)));
        assertEquals(RekuestEvents.ERROR,
                RemoteTask.outcome(new RemoteMissingResultException("add", "1", List.of("return0"), null)));
        assertEquals(RekuestEvents.ERROR, RemoteTask.outcome(new RemoteCallException("unreachable", null, null)));
        assertEquals(RekuestEvents.ERROR, RemoteTask.outcome(new IllegalArgumentException("bad argument")));
    }
}
