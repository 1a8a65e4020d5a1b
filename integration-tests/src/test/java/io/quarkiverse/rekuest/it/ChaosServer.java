package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An embedded rekuest server as slow and as faulty as a real one, for the chaos suite: each report costs the server
 * time, heartbeat answers wait behind the backlog, a closed connection's backlog is dropped after a while, and the
 * test injects faults through {@link DevServer#faults()}. Two profiles:
 * <ul>
 * <li>{@link Backlog}: a real server's cost (25 ms per report) and heartbeat budget (10 s / 5 s);</li>
 * <li>{@link Faults}: a small cost (2 ms) and scaled timings (heartbeat every 1 s answered within 2 s, a closed
 * connection's backlog worked through for 1 s, an agent stale after 4 s) so that many faults fit in a CI run.</li>
 * </ul>
 * Counts come from system properties ({@code chaos.*}) so that the full suite runs with {@code -Pchaos}.
 */
public class ChaosServer implements QuarkusTestResourceLifecycleManager {

    /** The server of the running test resource. */
    static DevServer server;

    private String mode;

    /** The agent's identity, the caller's identity (no mirrors reach the agent for the caller's tasks). */
    static final String AGENT_TOKEN = "dev:rekuest-chaos-agent";
    static final String CALLER_TOKEN = "dev:rekuest-chaos-caller";

    public static class Backlog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rekuest.devservices.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ChaosServer.class, Map.of("mode", "backlog")));
        }
    }

    public static class Faults extends Backlog {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ChaosServer.class, Map.of("mode", "faults")));
        }
    }

    @Override
    public void init(Map<String, String> initArgs) {
        mode = initArgs.get("mode");
    }

    @Override
    public Map<String, String> start() {
        DevServerConfig.Builder config = DevServerConfig.builder().port(0);
        if ("backlog".equals(mode)) {
            config.reportCost(Duration.ofMillis(25))
                    .heartbeatInterval(Duration.ofSeconds(10))
                    .heartbeatTimeout(Duration.ofSeconds(5));
        } else {
            config.reportCost(Duration.ofMillis(2))
                    .heartbeatInterval(Duration.ofSeconds(1))
                    .heartbeatTimeout(Duration.ofSeconds(2))
                    .closeBacklogTimeout(Duration.ofSeconds(1))
                    .staleAfter(Duration.ofSeconds(4))
                    .reaperInterval(Duration.ofSeconds(4));
        }
        server = DevServer.start(config.build());
        Map<String, String> settings = new HashMap<>();
        settings.put("quarkus.rekuest.url", server.httpUrl());
        settings.put("quarkus.rekuest.token", AGENT_TOKEN);
        settings.put("quarkus.rekuest.agent.name", "rekuest-chaos-agent");
        settings.put("quarkus.rekuest.agent.reconnect.initial-delay", "100ms");
        settings.put("quarkus.rekuest.agent.reconnect.max-delay", "500ms");
        settings.put("quarkus.rekuest.agent.reconnect.conflict-interval", "250ms");
        settings.put("quarkus.rekuest.agent.flow-control.server-heartbeat-interval",
                "backlog".equals(mode) ? "10s" : "1s");
        if (Boolean.getBoolean("chaos.wire")) {
            settings.put("quarkus.log.category.\"rekuest.wire\".level", "DEBUG");
            settings.put("quarkus.log.console.level", "DEBUG");
        }
        return settings;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
