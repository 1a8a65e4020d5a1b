package io.quarkiverse.rekuest.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An embedded rekuest server of its own, with a short disconnect grace (300 ms: a lost agent's tasks are
 * DISCONNECTED soon), whose subscription endpoint the application reaches through a {@link CuttableProxy}, and short
 * caller timeouts ({@code cancel-timeout} 500 ms, {@code disconnected-wait} 700 ms).
 */
public class FaultyNetwork implements QuarkusTestResourceLifecycleManager {

    static final Duration GRACE = Duration.ofMillis(300);

    /** The server and the proxy of the running test resource. */
    static DevServer server;
    static CuttableProxy subscriptions;

    /** The profile: Dev Services off, this resource on. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rekuest.devservices.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FaultyNetwork.class));
        }
    }

    @Override
    public Map<String, String> start() {
        server = DevServer.start(DevServerConfig.builder().port(0).grace(GRACE).build());
        try {
            subscriptions = new CuttableProxy(server.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.rekuest.url", server.httpUrl(),
                "quarkus.rekuest.subscriptions-url", "ws://127.0.0.1:" + subscriptions.port() + "/graphql",
                "quarkus.rekuest.token", "dev:rekuest-demo-faults",
                "quarkus.rekuest.client.cancel-timeout", "500ms",
                "quarkus.rekuest.client.disconnected-wait", "700ms");
    }

    @Override
    public void stop() {
        if (subscriptions != null) {
            subscriptions.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
