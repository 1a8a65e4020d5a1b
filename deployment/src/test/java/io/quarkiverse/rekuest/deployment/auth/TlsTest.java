package io.quarkiverse.rekuest.deployment.auth;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded server serving https and wss with a self-signed certificate made by the test (JDK keytool); the
 * application trusts it through a named TLS configuration of the Quarkus TLS registry, used by the GraphQL client
 * (ensureAgent, a query) and the agent's websocket.
 */
public class TlsTest {

    static final String[] SERVER = TlsTestServer.start("tls");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(AuthNodes.class, TlsTestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", SERVER[0])
            .overrideConfigKey("quarkus.rekuest.token", "dev:tls")
            .overrideConfigKey("quarkus.rekuest.tls-configuration-name", "rekuest")
            .overrideConfigKey("quarkus.tls.rekuest.trust-store.pem.certs", SERVER[1])
            .overrideConfigKey("quarkus.rekuest.agent.name", "auth-tls")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @Inject
    RekuestConnection connection;

    @Test
    void theAgentRegistersAndConnectsOverHttpsAndWss() throws Exception {
        assertTrue(SERVER[0].startsWith("https://"), SERVER[0]);
        assertTrue(connection.endpoints().agiUrl().startsWith("wss://"), connection.endpoints().agiUrl());
        assertTrue(agent.isConnected(), "ensureAgent over https and REGISTER over wss");
        try (DynamicGraphQLClient graphql = connection.graphqlClient()) {
            Response response = graphql.executeSync("query($id: ID){ agent(id: $id){ name } }", Map.of("id", agent.agentId()));
            assertFalse(response.hasError(), response::toString);
            assertEquals("auth-tls", response.getData().getJsonObject("agent").getString("name"));
        }
    }
}
