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
 * The fakts server, which tells the application where the rekuest server is, is down when the application starts
 * (with {@code fail-on-startup-error=false}): the agent tries again with the reconnect backoff and reports not ready;
 * once fakts is back it claims the configuration and connects.
 */
public class FaktsDownAtStartTest {

    static final AuthFixture FX = AuthFixture.downAtStart("fakts-down");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(AuthNodes.class, AuthFixture.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.fakts.url", FX.faktsUrl())
            .overrideConfigKey("quarkus.rekuest.fakts.redeem-token", AuthFixture.REDEEM_TOKEN)
            .overrideConfigKey("quarkus.rekuest.agent.name", "auth-fakts-down")
            .overrideConfigKey("quarkus.rekuest.agent.fail-on-startup-error", "false")
            .overrideConfigKey("quarkus.rekuest.auth.request-timeout", "200ms")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.initial-delay", "100ms")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.max-delay", "400ms")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .setLogRecordPredicate(record -> record.getMessage() != null
                    && record.getMessage().contains("the rekuest agent tries again in"))
            .assertLogRecords(records -> assertTrue(records.size() >= 2, "retried: " + records.size()));

    @Inject
    RekuestAgent agent;

    @Inject
    AgentReadiness readiness;

    @Test
    void triesAgainWhileNotReadyThenConnects() {
        AuthFixture.sleep(1500);
        assertFalse(agent.isConnected(), "no fakts, no server address");
        assertFalse(readiness.isReady(), "not ready while fakts is down: " + readiness.status());
        FX.up();
        AuthFixture.await(agent::isConnected, Duration.ofSeconds(15));
        assertTrue(agent.isConnected(), "connected once fakts is back: " + readiness.status());
    }
}
