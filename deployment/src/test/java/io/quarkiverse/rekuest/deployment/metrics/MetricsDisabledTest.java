package io.quarkiverse.rekuest.deployment.metrics;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Micrometer off ({@code quarkus.micrometer.enabled=false}: no metrics capability at build time): no observer bean, the
 * agent and the caller work as before. (The integration tests run without {@code quarkus-micrometer} at all.)
 */
public class MetricsDisabledTest {

    static final String URL = TestServer.url("metrics-off");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(MetricsApi.class, MetricsNodes.class, TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:metrics-off")
            .overrideConfigKey("quarkus.rekuest.agent.name", "metrics-off")
            .overrideConfigKey("quarkus.micrometer.enabled", "false")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @Inject
    Instance<RekuestEvents> observers;

    @Inject
    @RekuestClient
    MetricsApi api;

    @Test
    void noObserverAndEverythingWorks() {
        assertTrue(agent.isConnected());
        assertFalse(observers.isResolvable(), "no metrics bean without Micrometer");
        assertEquals(36, api.square(6));
    }
}
