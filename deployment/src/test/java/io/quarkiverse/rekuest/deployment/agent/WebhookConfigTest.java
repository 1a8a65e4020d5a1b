package io.quarkiverse.rekuest.deployment.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A webhook agent without a secret does not start, and the error names the property (never a secret). */
public class WebhookConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(WebhookNodes.class, TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", TestServer.url("webhook-config"))
            .overrideConfigKey("quarkus.rekuest.token", "dev:webhook-config")
            .overrideConfigKey("quarkus.rekuest.agent.transport", "webhook")
            .overrideConfigKey("quarkus.rekuest.agent.webhook.secret", "short")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .assertException(e -> {
                Throwable cause = e;
                while (cause.getCause() != null && !String.valueOf(cause.getMessage()).contains("webhook.secret")) {
                    cause = cause.getCause();
                }
                String message = String.valueOf(cause.getMessage());
                assertTrue(message.contains("quarkus.rekuest.agent.webhook.secret is too short"), message);
                assertFalse(message.contains("short\""), message);
            });

    @Test
    void doesNotStart() {
        // the assertion is in assertException
    }
}
