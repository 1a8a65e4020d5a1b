package io.quarkiverse.rekuest.deployment.client;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.deployment.auth.TlsTestServer;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.runtime.client.RekuestCaller;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls through a {@code @RekuestClient} proxy to the embedded server serving only https and wss, with a self-signed
 * certificate made by the test (JDK keytool) and trusted through a named TLS configuration of the Quarkus TLS
 * registry: the caller's GraphQL requests (resolve, assign) and its {@code mytasks} subscription use the same
 * endpoints and TLS configuration as the agent.
 */
public class ClientTlsTest {

    static final String[] SERVER = TlsTestServer.start("client-tls");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(CalcApi.class, CalcNodes.class, TlsTestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", SERVER[0])
            .overrideConfigKey("quarkus.rekuest.token", "dev:client-tls")
            .overrideConfigKey("quarkus.rekuest.tls-configuration-name", "rekuest")
            .overrideConfigKey("quarkus.tls.rekuest.trust-store.pem.certs", SERVER[1])
            .overrideConfigKey("quarkus.rekuest.agent.name", "client-tls")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    @RekuestClient
    CalcApi calc;

    @Inject
    RekuestConnection connection;

    @Inject
    RekuestCaller caller;

    @Test
    void callsGoOverHttpsAndWss() {
        assertTrue(SERVER[0].startsWith("https://"), SERVER[0]);
        assertTrue(connection.endpoints().graphqlUrl().startsWith("https://"), connection.endpoints()::toString);
        assertTrue(connection.endpoints().subscriptionsUrl().startsWith("wss://"), connection.endpoints()::toString);

        assertEquals(5, calc.add(2, 3));
        assertEquals("Hello, Ada", calc.greet("Ada").await().atMost(Duration.ofSeconds(10)));
        assertEquals(List.of(1, 2, 3), calc.countTo(3).collect().asList().await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void theSubscriptionReopensOverWss() {
        assertEquals(7, calc.add(3, 4));
        caller.dropSubscriptionForTesting();
        assertEquals(9, calc.add(4, 5));
    }
}
