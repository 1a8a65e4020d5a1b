package io.quarkiverse.rekuest.deployment.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up work that throws keeps the agent from registering: the application start fails with the cause. */
public class FailingStartTest {

    static final String URL = TestServer.url("failing-start");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(FailingStartNodes.class, TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:failing-start")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .assertException(failure -> {
                Throwable cause = failure;
                while (cause.getCause() != null && !String.valueOf(cause.getMessage()).contains("AgentStarting")) {
                    cause = cause.getCause();
                }
                String message = String.valueOf(cause.getMessage());
                assertTrue(message.contains("An AgentStarting observer failed, so the agent does not register")
                        && message.contains("no stage connected on /dev/ttyUSB0"), message);
            });

    @Test
    void startFails() {
        // the assertions are in assertException
    }
}
