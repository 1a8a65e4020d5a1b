package io.quarkiverse.rekuest.deployment.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** No rekuest server at the configured URL and {@code fail-on-startup-error=true}: the start fails and says what to fix. */
public class AgentStartupFailureTest {

    static final String URL = DeadEndServer.refusing();

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(ConnNodes.class, DeadEndServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:unreachable")
            .overrideConfigKey("quarkus.rekuest.agent.fail-on-startup-error", "true")
            .overrideConfigKey("quarkus.rekuest.agent.startup-retries", "2")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.initial-delay", "20ms")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.max-delay", "50ms")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .assertException(failure -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable t = failure; t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append('\n');
                }
                String text = messages.toString();
                assertTrue(text.contains("quarkus.rekuest.url"), text);
                assertTrue(text.contains(URL.substring("http://".length())), "names the address it tried: " + text);
                assertTrue(text.contains("3 attempts"), "says how often it tried: " + text);
                assertTrue(text.contains("quarkus.rekuest.agent.fail-on-startup-error=false"), "names the way out: " + text);
            });

    @Test
    void theApplicationDoesNotStart() {
        fail("the application must not start without its rekuest server");
    }
}
