package io.quarkiverse.rekuest.deployment.agent;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No rekuest server and {@code fail-on-startup-error=false}: the application starts, not ready, and the agent retries. */
public class AgentStartupRetryTest {

    static final String URL = DeadEndServer.hangUp("retry");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(ConnNodes.class, DeadEndServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:retry")
            .overrideConfigKey("quarkus.rekuest.agent.fail-on-startup-error", "false")
            .overrideConfigKey("quarkus.rekuest.agent.startup-retries", "1")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.initial-delay", "50ms")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.max-delay", "200ms")
            .overrideConfigKey("quarkus.rekuest.agent.shutdown-grace", "0s")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @Inject
    AgentReadiness readiness;

    @Test
    void theApplicationStartsNotReadyAndTheAgentKeepsRetrying() throws InterruptedException {
        assertFalse(agent.isConnected());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!readiness.status().detail().contains("retrying") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        AgentReadiness.Status status = readiness.status();
        assertFalse(status.ready(), status::toString);
        assertEquals(AgentReadiness.State.STARTING, status.state(), status::toString);
        assertTrue(status.detail().contains(URL.substring("http://".length())) && status.detail().contains("retrying"),
                status::toString);

        // far more attempts than startup-retries allows at start-up: retrying goes on in the background
        int before = DeadEndServer.accepted("retry");
        Thread.sleep(1500);
        int after = DeadEndServer.accepted("retry");
        assertTrue(after - before >= 3, "the agent keeps retrying: " + before + " -> " + after + " connections");
        assertFalse(readiness.status().ready(), readiness.status()::toString);
    }
}
