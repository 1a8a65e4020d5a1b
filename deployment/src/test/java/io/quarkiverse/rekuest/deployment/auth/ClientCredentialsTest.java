package io.quarkiverse.rekuest.deployment.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OAuth2 client credentials through quarkus-oidc-client against a local token endpoint issuing RS256 JWTs that the
 * embedded server verifies: the token reaches the GraphQL {@code Authorization} header (ensureAgent, implementAgent,
 * a query), the subscription {@code connection_init} payload and the agent's {@code REGISTER}. All log output of the
 * run, at DEBUG for the extension and the OIDC client, contains neither a token nor the client secret.
 */
public class ClientCredentialsTest {

    static final AuthFixture FX = AuthFixture.get("client-credentials");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(AuthNodes.class, AuthFixture.class,
                    LogCapture.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.oidc-client.enabled", "true")
            .overrideConfigKey("quarkus.rekuest.url", FX.serverUrl())
            .overrideConfigKey("quarkus.rekuest.auth.token-url", FX.tokenUrl())
            .overrideConfigKey("quarkus.rekuest.auth.client-id", AuthFixture.CLIENT_ID)
            .overrideConfigKey("quarkus.rekuest.auth.client-secret", AuthFixture.CLIENT_SECRET)
            .overrideConfigKey("quarkus.rekuest.auth.scopes", "openid,rekuest")
            .overrideConfigKey("quarkus.rekuest.agent.name", "auth-cc")
            .overrideConfigKey("quarkus.log.category.\"io.quarkiverse.rekuest\".level", "DEBUG")
            .overrideConfigKey("quarkus.log.category.\"io.quarkus.oidc\".level", "DEBUG")
            .overrideConfigKey("quarkus.log.min-level", "DEBUG")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> {
                String logged = LogCapture.text(records);
                assertFalse(records.isEmpty(), "log records were captured");
                assertTrue(logged.contains("rekuest agent"), "the agent's own log lines were captured:\n" + logged);
                LogCapture.assertAbsent(logged, AuthFixture.CLIENT_SECRET, "client secret");
                List<String> issued = FX.issued();
                assertFalse(issued.isEmpty(), "tokens were issued");
                for (String token : issued) {
                    LogCapture.assertAbsent(logged, token, "access token");
                    // nor its signature alone
                    LogCapture.assertAbsent(logged, token.substring(token.lastIndexOf('.') + 1), "access token's signature");
                }
            });

    @Inject
    RekuestAgent agent;

    @Inject
    RekuestConnection connection;

    @Test
    void theClientCredentialsTokenWorksOnEveryChannel() throws Exception {
        assertTrue(agent.isConnected(), "REGISTER with the JWT was accepted");
        assertFalse(FX.issued().isEmpty(), "the token endpoint issued a token");
        GraphQLCaller caller = new GraphQLCaller(FX.serverUrl() + "/graphql", "dev-token");
        assertEquals(AuthFixture.CLIENT_ID, caller.agentClient(agent.agentId()),
                "the agent was registered (ensureAgent with the bearer token) as the token's client");

        // GraphQL over HTTP with the token, through the shared client
        try (DynamicGraphQLClient graphql = connection.graphqlClient()) {
            Response response = graphql.executeSync("query($id: ID){ agent(id: $id){ id name } }",
                    Map.of("id", agent.agentId()));
            assertFalse(response.hasError(), response::toString);
            assertEquals("auth-cc", response.getData().getJsonObject("agent").getString("name"));
        }

        // a subscription authenticated by connection_init {token}: our own tasks, assigned with the same identity
        DynamicGraphQLClient subscriptions = connection.subscriptionClient().await().atMost(Duration.ofSeconds(10));
        try {
            java.util.concurrent.BlockingQueue<Object> events = new java.util.concurrent.LinkedBlockingQueue<>();
            subscriptions.subscription("subscription { mytasks { create { id } event { task kind } } }")
                    .subscribe().with(events::add, events::add);
            Thread.sleep(300);
            String implementation = caller.implementation(agent.agentId(), "sleepy");
            String task;
            try (DynamicGraphQLClient graphql = connection.graphqlClient()) {
                Response assigned = graphql.executeSync("mutation($i: AssignInput!){ assign(input: $i){ id } }",
                        Map.of("i", Map.of("implementation", implementation, "args", Map.of("millis", 1), "cached", false,
                                "log", false, "capture", false, "ephemeral", false)));
                assertFalse(assigned.hasError(), assigned::toString);
                task = assigned.getData().getJsonObject("assign").getString("id");
            }
            Object first = events.poll(10, TimeUnit.SECONDS);
            assertTrue(first instanceof Response, "a subscription event arrived: " + first);
            Response event = (Response) first;
            assertFalse(event.hasError(), event::toString);
            assertTrue(event.getData().toString().contains(task), event.getData()::toString);
            JsonNode done = caller.awaitDone(task, Duration.ofSeconds(10));
            assertEquals("COMPLETED", done.get("latestEventKind").asText(), done::toString);
        } finally {
            subscriptions.close();
        }
    }
}
