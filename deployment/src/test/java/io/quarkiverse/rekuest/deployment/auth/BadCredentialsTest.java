package io.quarkiverse.rekuest.deployment.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A wrong client secret fails the start at once (no retries) with a message naming the configuration keys to fix and
 * the endpoint's answer, never the secret.
 */
public class BadCredentialsTest {

    static final AuthFixture FX = AuthFixture.get("bad-credentials");
    static final String WRONG_SECRET = "wrong-" + AuthFixture.CLIENT_SECRET;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(AuthNodes.class, AuthFixture.class, LogCapture.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", FX.serverUrl())
            .overrideConfigKey("quarkus.rekuest.auth.token-url", FX.tokenUrl())
            .overrideConfigKey("quarkus.rekuest.auth.client-id", AuthFixture.CLIENT_ID)
            .overrideConfigKey("quarkus.rekuest.auth.client-secret", WRONG_SECRET)
            .overrideConfigKey("quarkus.rekuest.agent.startup-retries", "5")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> LogCapture.assertAbsent(LogCapture.text(records), WRONG_SECRET, "client secret"))
            .assertException(failure -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable t = failure; t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append('\n');
                }
                String text = messages.toString();
                assertTrue(text.contains("quarkus.rekuest.auth.client-id"), text);
                assertTrue(text.contains("quarkus.rekuest.auth.client-secret"), text);
                assertTrue(text.contains("invalid_client"), text);
                assertFalse(text.contains(WRONG_SECRET), "the secret is not in the message");
                // refused credentials are not retried: one request, not startup-retries + 1
                assertTrue(FX.requests() <= 2, "token requests: " + FX.requests());
            });

    @Test
    void startFails() {
        fail("the application must not start with refused credentials");
    }
}
