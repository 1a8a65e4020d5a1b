package io.quarkiverse.rekuest.deployment.health;

import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness.State;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readiness state machine the agent drives, without booting Quarkus. */
class AgentReadinessTest {

    @Test
    void downUntilInitAndWhileReconnecting() {
        AgentReadiness readiness = new AgentReadiness();
        assertEquals(State.STARTING, readiness.status().state());
        assertFalse(readiness.isReady(), "DOWN until INIT");

        readiness.setConnected(false, "connection refused, retrying in 1 s");
        assertEquals(State.STARTING, readiness.status().state(), "a failed first attempt is still starting");
        assertEquals("connection refused, retrying in 1 s", readiness.status().detail());
        assertFalse(readiness.isReady());

        readiness.setConnected(true, "connected");
        assertEquals(State.CONNECTED, readiness.status().state());
        assertTrue(readiness.isReady());

        readiness.setConnected(false, "reconnecting");
        assertEquals(State.DISCONNECTED, readiness.status().state());
        assertFalse(readiness.isReady(), "DOWN while reconnecting");

        readiness.setConnected(true, "connected again");
        assertTrue(readiness.isReady());

        readiness.setDisabled("no @Node methods");
        assertEquals(State.DISABLED, readiness.status().state());
        assertTrue(readiness.isReady(), "an application without an agent is ready");
    }
}
