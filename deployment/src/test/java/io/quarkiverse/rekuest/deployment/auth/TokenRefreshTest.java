package io.quarkiverse.rekuest.deployment.auth;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens that expire while the agent runs: a reconnect after expiry registers with a renewed token and the task that
 * ran across it is not lost; a token the server refuses although it looked valid (the endpoint lied about
 * {@code expires_in}) is dropped after the refused {@code REGISTER} and a new one is used.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class TokenRefreshTest {

    static final AuthFixture FX = shortLived();

    static AuthFixture shortLived() {
        AuthFixture fixture = AuthFixture.get("refresh");
        fixture.ttl(Duration.ofSeconds(3));
        return fixture;
    }

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(AuthNodes.class, AuthFixture.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", FX.serverUrl())
            .overrideConfigKey("quarkus.rekuest.auth.token-url", FX.tokenUrl())
            .overrideConfigKey("quarkus.rekuest.auth.client-id", AuthFixture.CLIENT_ID)
            .overrideConfigKey("quarkus.rekuest.auth.client-secret", AuthFixture.CLIENT_SECRET)
            .overrideConfigKey("quarkus.rekuest.auth.client-secret-method", "post")
            .overrideConfigKey("quarkus.rekuest.auth.refresh-before-expiry", "1s")
            .overrideConfigKey("quarkus.rekuest.agent.name", "auth-refresh")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.initial-delay", "50ms")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.max-delay", "200ms")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    GraphQLCaller caller = new GraphQLCaller(FX.serverUrl() + "/graphql", "dev-token");

    @Test
    @Order(1)
    void aTaskRunningAcrossTheTokensExpiryIsNotLost() {
        int before = FX.issued().size();
        String task = caller.assign(caller.implementation(agent.agentId(), "sleepy"), Map.of("millis", 4500));
        // the token (3 s) expires while the task runs; the server makes the agent reconnect
        AuthFixture.sleep(3500);
        caller.bounce(agent.agentId());
        AuthFixture.sleep(200);
        awaitConnected();
        JsonNode done = caller.awaitDone(task, Duration.ofSeconds(15));
        assertEquals("COMPLETED", done.get("latestEventKind").asText(), done::toString);
        assertTrue(FX.issued().size() > before, "a new token was issued for the new REGISTER");
    }

    @Test
    @Order(2)
    void aRefusedRegisterDropsTheTokenAndGetsANewOne() {
        FX.lie(true);
        try {
            // a reconnect now picks a token that claims to live an hour but expires in 3 s
            AuthFixture.sleep(2500);
            caller.bounce(agent.agentId());
            AuthFixture.sleep(200);
            awaitConnected();
            int lying = FX.issued().size();
            // by now that token has expired (3 s, and the server's 5 s of clock skew), though the agent thinks it is
            // good: REGISTER is refused (3003)
            AuthFixture.sleep(9000);
            caller.bounce(agent.agentId());
            AuthFixture.sleep(200);
            awaitConnected();
            assertTrue(FX.issued().size() > lying, "a new token after the refused REGISTER");
            JsonNode done = caller.awaitDone(caller.assign(caller.implementation(agent.agentId(), "sleepy"),
                    Map.of("millis", 1)), Duration.ofSeconds(10));
            assertEquals("COMPLETED", done.get("latestEventKind").asText(), done::toString);
        } finally {
            FX.lie(false);
        }
    }

    private void awaitConnected() {
        AuthFixture.await(agent::isConnected, Duration.ofSeconds(15));
        assertTrue(agent.isConnected(), "the agent reconnected");
    }
}
