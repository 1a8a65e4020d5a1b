package io.quarkiverse.rekuest.deployment.auth;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token endpoint is down when the application starts: the agent keeps trying with backoff and reports not ready;
 * once the endpoint is back it gets a token and connects.
 */
public class TokenEndpointDownTest {

    static final AuthFixture FX = AuthFixture.downAtStart("endpoint-down");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(AuthNodes.class, AuthFixture.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", FX.serverUrl())
            .overrideConfigKey("quarkus.rekuest.auth.token-url", FX.tokenUrl())
            .overrideConfigKey("quarkus.rekuest.auth.client-id", AuthFixture.CLIENT_ID)
            .overrideConfigKey("quarkus.rekuest.auth.client-secret", AuthFixture.CLIENT_SECRET)
            .overrideConfigKey("quarkus.rekuest.agent.name", "auth-down")
            .overrideConfigKey("quarkus.rekuest.agent.fail-on-startup-error", "false")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.initial-delay", "100ms")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.max-delay", "400ms")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .setLogRecordPredicate(record -> record.getMessage() != null && record.getMessage().contains("Cannot reach"))
            .assertLogRecords(records -> assertTrue(records.size() >= 2, "retried: " + records.size()));

    @Inject
    RekuestAgent agent;

    @Inject
    AgentReadiness readiness;

    @Test
    void retriesWithBackoffWhileNotReadyThenConnects() {
        AuthFixture.sleep(1500);
        assertFalse(agent.isConnected(), "no token, no connection");
        assertFalse(readiness.isReady(), "not ready while the token endpoint is down: " + readiness.status());
        FX.up();
        AuthFixture.await(agent::isConnected, Duration.ofSeconds(15));
        assertTrue(agent.isConnected(), "connected once the token endpoint is back");
        assertFalse(FX.issued().isEmpty());
    }
}
