package io.quarkiverse.rekuest.deployment.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fakts discovery against a small in-test fakts server: {@code /.well-known/fakts}, redeem (with the manifest), claim;
 * the rekuest instance is reached through the first alias that answers its challenge (the first one does not), and the
 * claimed client's credentials get client-credentials tokens. Neither the redeem token nor the claimed secret nor a
 * token is logged.
 */
public class FaktsTest {

    static final AuthFixture FX = AuthFixture.get("fakts");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(AuthNodes.class, AuthFixture.class,
                    LogCapture.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.fakts.url", FX.faktsUrl())
            .overrideConfigKey("quarkus.rekuest.fakts.redeem-token", AuthFixture.REDEEM_TOKEN)
            .overrideConfigKey("quarkus.rekuest.fakts.identifier", "org.example.fakts-app")
            .overrideConfigKey("quarkus.rekuest.fakts.version", "1.2.3")
            .overrideConfigKey("quarkus.rekuest.agent.name", "auth-fakts")
            .overrideConfigKey("quarkus.log.category.\"io.quarkiverse.rekuest\".level", "DEBUG")
            .overrideConfigKey("quarkus.log.min-level", "DEBUG")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> {
                String logged = LogCapture.text(records);
                assertTrue(logged.contains("fakts: claimed"), logged);
                LogCapture.assertAbsent(logged, AuthFixture.REDEEM_TOKEN, "redeem token");
                LogCapture.assertAbsent(logged, AuthFixture.CLIENT_SECRET, "claimed client secret");
                for (String token : FX.issued()) {
                    LogCapture.assertAbsent(logged, token, "access token");
                }
            });

    @Inject
    RekuestAgent agent;

    @Inject
    RekuestConnection connection;

    @Test
    void theAgentIsConfiguredThroughFakts() {
        assertTrue(agent.isConnected(), "registered with the claimed client's token");
        assertEquals(FX.serverUrl() + "/graphql", connection.endpoints().graphqlUrl(),
                "the alias that answered its challenge (the first one does not)");
        assertEquals(FX.serverUrl().replace("http://", "ws://") + "/agi", connection.endpoints().agiUrl());
        List<String> manifests = FX.manifests();
        assertFalse(manifests.isEmpty(), "redeemed");
        assertTrue(manifests.get(0).contains("\"identifier\":\"org.example.fakts-app\""), manifests.get(0));
        assertTrue(manifests.get(0).contains("\"version\":\"1.2.3\""), manifests.get(0));
        assertTrue(manifests.get(0).contains("live.arkitekt.rekuest"), manifests.get(0));
        GraphQLCaller caller = new GraphQLCaller(FX.serverUrl() + "/graphql", "dev-token");
        assertEquals(AuthFixture.CLIENT_ID, caller.agentClient(agent.agentId()));
        JsonNode done = caller.awaitDone(caller.assign(caller.implementation(agent.agentId(), "sleepy"), Map.of("millis", 1)),
                Duration.ofSeconds(10));
        assertEquals("COMPLETED", done.get("latestEventKind").asText(), done::toString);
    }
}
