package io.quarkiverse.rekuest.deployment.auth;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteCallException;
import io.quarkiverse.rekuest.deployment.client.CalcApi;
import io.quarkiverse.rekuest.deployment.client.CalcNodes;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A caller whose cached token the server refuses (the token endpoint says {@code expires_in: 3600}, the token expires
 * after 3 s): the call that meets the refusal fails, and invalidates the token, so that the next call gets a new one and
 * succeeds.
 */
public class ClientTokenRefusedTest {

    static final AuthFixture FX = lying();

    static AuthFixture lying() {
        AuthFixture fixture = AuthFixture.get("client-refused");
        fixture.ttl(Duration.ofSeconds(3));
        fixture.lie(true);
        return fixture;
    }

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(CalcApi.class, CalcNodes.class, AuthFixture.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", FX.serverUrl())
            .overrideConfigKey("quarkus.rekuest.auth.token-url", FX.tokenUrl())
            .overrideConfigKey("quarkus.rekuest.auth.client-id", AuthFixture.CLIENT_ID)
            .overrideConfigKey("quarkus.rekuest.auth.client-secret", AuthFixture.CLIENT_SECRET)
            .overrideConfigKey("quarkus.rekuest.auth.client-secret-method", "post")
            .overrideConfigKey("quarkus.rekuest.agent.name", "client-refused")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    @RekuestClient
    CalcApi calc;

    @Test
    void aRefusedTokenIsReplacedForTheNextCall() {
        assertEquals(5, calc.add(2, 3));
        int issued = FX.issued().size();
        // the cached token expires (3 s, and the server's 5 s of clock skew) though the provider thinks it is good
        AuthFixture.sleep(9000);
        // the server refuses it: this call fails, and the token is invalidated
        RemoteCallException refused = assertThrows(RemoteCallException.class, () -> calc.add(3, 4));
        assertTrue(refused.getMessage().contains("expired"), refused::getMessage);
        // the next call gets a new token
        assertEquals(7, calc.add(3, 4));
        assertTrue(FX.issued().size() > issued, "a new token after the refusal");
    }
}
