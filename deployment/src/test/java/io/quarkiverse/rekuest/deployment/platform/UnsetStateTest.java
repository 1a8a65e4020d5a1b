package io.quarkiverse.rekuest.deployment.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A state without a first value keeps the agent from registering: the start fails naming the state and the fix. */
public class UnsetStateTest {

    static final String URL = TestServer.url("unset-state");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(UnsetStateNodes.class, UnsetStateNodes.Laser.class,
                    TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:unset-state")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .assertException(failure -> {
                Throwable cause = failure;
                while (cause.getCause() != null && !String.valueOf(cause.getMessage()).contains("have no value")) {
                    cause = cause.getCause();
                }
                String message = String.valueOf(cause.getMessage());
                assertTrue(message.contains("state(s) [laser (") && message.contains("AgentStarting"), message);
            });

    @Test
    void startFails() {
        // the assertions are in assertException
    }
}
