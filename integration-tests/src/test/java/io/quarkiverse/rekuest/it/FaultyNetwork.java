package io.quarkiverse.rekuest.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An embedded rekuest server of the test's own, one of whose endpoints the application reaches through a
 * {@link CuttableProxy}, so that the test can cut the network under it. Two profiles:
 * <ul>
 * <li>{@link Profile}: the subscription endpoint goes through the proxy; a short disconnect grace (300 ms: a lost
 * agent's tasks are DISCONNECTED soon) and short caller timeouts ({@code cancel-timeout} 500 ms,
 * {@code disconnected-wait} 700 ms);</li>
 * <li>{@link AgentSocketProfile}: the agent socket goes through the proxy; the default grace (30 s, so the
 * application's tasks survive a short outage) and a quick reconnect (100 ms, at most 500 ms apart).</li>
 * </ul>
 */
public class FaultyNetwork implements QuarkusTestResourceLifecycleManager {

    static final Duration GRACE = Duration.ofMillis(300);

    /** The server and the proxy of the running test resource. */
    static DevServer server;
    static CuttableProxy proxy;

    private boolean agentSocket;

    /** Dev Services off, this resource on, cutting the subscription endpoint. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rekuest.devservices.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FaultyNetwork.class, Map.of("cut", "subscriptions")));
        }
    }

    /** Dev Services off, this resource on, cutting the agent socket. */
    public static class AgentSocketProfile extends Profile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FaultyNetwork.class, Map.of("cut", "agent-socket")));
        }
    }

    @Override
    public void init(Map<String, String> initArgs) {
        agentSocket = "agent-socket".equals(initArgs.get("cut"));
    }

    @Override
    public Map<String, String> start() {
        DevServerConfig.Builder config = DevServerConfig.builder().port(0);
        server = DevServer.start(agentSocket ? config.build() : config.grace(GRACE).build());
        try {
            proxy = new CuttableProxy(server.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new HashMap<>(Map.of("quarkus.rekuest.url", server.httpUrl()));
        if (agentSocket) {
            settings.put("quarkus.rekuest.agi-url", "ws://127.0.0.1:" + proxy.port() + "/agi");
            settings.put("quarkus.rekuest.token", "dev:rekuest-demo-agent-faults");
            settings.put("quarkus.rekuest.agent.reconnect.initial-delay", "100ms");
            settings.put("quarkus.rekuest.agent.reconnect.max-delay", "500ms");
        } else {
            settings.put("quarkus.rekuest.subscriptions-url", "ws://127.0.0.1:" + proxy.port() + "/graphql");
            settings.put("quarkus.rekuest.token", "dev:rekuest-demo-faults");
            settings.put("quarkus.rekuest.client.cancel-timeout", "500ms");
            settings.put("quarkus.rekuest.client.disconnected-wait", "700ms");
        }
        return settings;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
