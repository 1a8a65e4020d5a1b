package io.quarkiverse.rekuest.deployment.auth;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.deployment.client.CalcApi;
import io.quarkiverse.rekuest.deployment.client.CalcNodes;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code @RekuestClient} caller configured only through fakts (no {@code quarkus.rekuest.url}): its GraphQL requests
 * and its subscription go to the server that fakts named, with the claimed client's client-credentials tokens.
 */
public class ClientFaktsTest {

    static final AuthFixture FX = AuthFixture.get("client-fakts");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(CalcApi.class, CalcNodes.class, AuthFixture.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.fakts.url", FX.faktsUrl())
            .overrideConfigKey("quarkus.rekuest.fakts.redeem-token", AuthFixture.REDEEM_TOKEN)
            .overrideConfigKey("quarkus.rekuest.fakts.identifier", "org.example.client-fakts")
            .overrideConfigKey("quarkus.rekuest.fakts.version", "1.0.0")
            .overrideConfigKey("quarkus.rekuest.agent.name", "client-fakts")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    @RekuestClient
    CalcApi calc;

    @Inject
    RekuestConnection connection;

    @Test
    void callsGoToTheServerFaktsNamedWithItsTokens() {
        assertEquals(FX.serverUrl() + "/graphql", connection.endpoints().graphqlUrl());
        assertFalse(FX.issued().isEmpty(), "client-credentials tokens of the claimed client");
        assertEquals(5, calc.add(2, 3));
        assertEquals(List.of(1, 2), calc.countTo(2).collect().asList().await().atMost(Duration.ofSeconds(10)));
        assertTrue(FX.manifests().get(0).contains("org.example.client-fakts"), FX.manifests().get(0));
    }
}
