package io.quarkiverse.rekuest.deployment.health;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness.State;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An application without {@code @Node} methods runs no agent and is ready. */
public class AgentReadinessNoNodesTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    AgentReadiness readiness;

    @Test
    void disabledWithoutNodes() {
        AgentReadiness.Status status = readiness.status();
        assertEquals(State.DISABLED, status.state(), status::toString);
        assertTrue(status.ready());
        assertEquals("no @Node methods to serve", status.detail());
    }
}
