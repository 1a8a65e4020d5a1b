package io.quarkiverse.rekuest.deployment.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.NoImplementationException;
import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.deployment.client.CalcApi;
import io.quarkiverse.rekuest.deployment.client.CalcNodes;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.Vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A caller configured through fakts whose first call is made on the event loop, before anything claimed the
 * configuration (the agent is disabled): the claim, which blocks, is made off the event loop, and the call goes on to
 * the server fakts named (where no agent implements the action).
 */
public class ClientFaktsEventLoopTest {

    static final AuthFixture FX = AuthFixture.get("client-fakts-loop");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(CalcApi.class, CalcNodes.class, AuthFixture.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.fakts.url", FX.faktsUrl())
            .overrideConfigKey("quarkus.rekuest.fakts.redeem-token", AuthFixture.REDEEM_TOKEN)
            .overrideConfigKey("quarkus.rekuest.fakts.identifier", "org.example.client-fakts-loop")
            .overrideConfigKey("quarkus.rekuest.fakts.version", "1.0.0")
            .overrideConfigKey("quarkus.rekuest.agent.enabled", "false")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    @RekuestClient
    CalcApi calc;

    @Inject
    RekuestConnection connection;

    @Inject
    Vertx vertx;

    @Test
    void theFirstCallOnTheEventLoopClaimsOffIt() throws Exception {
        assertEquals(0, FX.manifests().size(), "nothing claimed before the first call");
        CompletableFuture<String> result = new CompletableFuture<>();
        vertx.runOnContext(v -> calc.greet("Ada").subscribe().with(result::complete, result::completeExceptionally));
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> result.get(20, TimeUnit.SECONDS));
        assertInstanceOf(NoImplementationException.class, failure.getCause(), () -> String.valueOf(failure.getCause()));
        assertEquals(FX.serverUrl() + "/graphql", connection.endpoints().graphqlUrl());
        assertEquals(1, FX.manifests().size(), "claimed once");
    }
}
