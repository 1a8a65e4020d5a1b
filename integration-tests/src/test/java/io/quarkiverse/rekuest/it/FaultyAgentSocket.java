package io.quarkiverse.rekuest.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An embedded rekuest server of its own (default disconnect grace: 30 s, so the application's tasks survive a short
 * outage) whose agent socket the application reaches through a {@link CuttableProxy}; the agent reconnects 100 ms
 * after losing it.
 */
public class FaultyAgentSocket implements QuarkusTestResourceLifecycleManager {

    /** The server and the proxy of the running test resource. */
    static DevServer server;
    static CuttableProxy agentSocket;

    /** The profile: Dev Services off, this resource on. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rekuest.devservices.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FaultyAgentSocket.class));
        }
    }

    @Override
    public Map<String, String> start() {
        server = DevServer.start(DevServerConfig.builder().port(0).build());
        try {
            agentSocket = new CuttableProxy(server.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.rekuest.url", server.httpUrl(),
                "quarkus.rekuest.agi-url", "ws://127.0.0.1:" + agentSocket.port() + "/agi",
                "quarkus.rekuest.token", "dev:rekuest-demo-agent-faults",
                "quarkus.rekuest.agent.reconnect.initial-delay", "100ms",
                "quarkus.rekuest.agent.reconnect.max-delay", "500ms");
    }

    @Override
    public void stop() {
        if (agentSocket != null) {
            agentSocket.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
