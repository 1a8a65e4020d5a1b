package io.quarkiverse.rekuest.deployment.health;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness.State;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent reports its connection to {@link AgentReadiness}: connected after INIT, disconnected when the server goes. */
public class AgentReadinessWiringTest {

    /** Started here, so that the test can stop it; a QuarkusUnitTest class is loaded twice, hence the property. */
    static final String URL_KEY = "rekuest.test.readiness-wiring.url";
    public static DevServer server;

    static synchronized String url() {
        String url = System.getProperty(URL_KEY);
        if (url == null) {
            server = DevServer.start(DevServerConfig.builder().port(0)
                    .heartbeatInterval(Duration.ofMillis(300))
                    .build());
            url = server.httpUrl();
            System.setProperty(URL_KEY, url);
        }
        return url;
    }

    public static class Pinger {
        @Node
        public String ping() {
            return "pong";
        }
    }

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(Pinger.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", url())
            .overrideConfigKey("quarkus.rekuest.token", "dev:readiness-wiring")
            .overrideConfigKey("quarkus.rekuest.agent.heartbeat-timeout", "1s")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.initial-delay", "100ms")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.max-delay", "500ms")
            .overrideConfigKey("quarkus.rekuest.agent.shutdown-grace", "0s")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    AgentReadiness readiness;

    @AfterAll
    static void clear() {
        System.clearProperty(URL_KEY);
    }

    /**
     * The test runs in the application's copy of this class; the server was started by the copy JUnit loaded first
     * (from the system class loader), so it is closed through that one.
     */
    static void stopServer() throws ReflectiveOperationException {
        Object started = Class.forName(AgentReadinessWiringTest.class.getName(), true, ClassLoader.getSystemClassLoader())
                .getDeclaredField("server").get(null);
        if (started == null) {
            started = server;
        }
        started.getClass().getMethod("close").invoke(started);
    }

    @Test
    void connectedAfterInitThenDisconnectedWhenTheServerGoes() throws Exception {
        // fail-on-startup-error (the default) waits for INIT before the application starts
        AgentReadiness.Status status = readiness.status();
        assertEquals(State.CONNECTED, status.state(), status::toString);
        assertTrue(status.ready());
        assertTrue(status.detail().startsWith("connected to ws://"), status::toString);

        stopServer();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (readiness.status().state() != State.DISCONNECTED) {
            assertTrue(System.nanoTime() < deadline, () -> "still " + readiness.status());
            Thread.sleep(20);
        }
        status = readiness.status();
        assertFalse(status.ready());
        assertTrue(status.detail().contains("reconnecting") || status.detail().contains("retrying"), status::toString);
    }
}
