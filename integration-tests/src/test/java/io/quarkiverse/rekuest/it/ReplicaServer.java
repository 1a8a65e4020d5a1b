package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An embedded rekuest server for the replica tests: the application {@code replicated} runs as several replicas, each
 * with an OAuth client of its own (an agent is unique per client, user and organization, so replicas sharing one
 * client would displace each other). The tokens {@code replica-1} … {@code replica-}{@value #IDENTITIES} are static
 * tokens of such clients. Timings are scaled down (heartbeat every 1 s answered within 2 s, stale after 4 s instead of
 * 30 s, grace 2 s) so that a dead replica's window of "still available" fits in a test.
 */
public class ReplicaServer implements QuarkusTestResourceLifecycleManager {

    static final int IDENTITIES = 30;
    static final String APP = "replicated";
    static final Duration STALE_AFTER = Duration.ofSeconds(4);
    static final String CALLER_TOKEN = "dev:rekuest-replicas-caller";

    static DevServer server;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rekuest.devservices.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ReplicaServer.class));
        }
    }

    /** The token of replica identity {@code n} (1-based). */
    static String token(int n) {
        return "replica-" + n;
    }

    @Override
    public Map<String, String> start() {
        DevServerConfig.Builder config = DevServerConfig.builder().port(0)
                .heartbeatInterval(Duration.ofSeconds(1))
                .heartbeatTimeout(Duration.ofSeconds(2))
                .closeBacklogTimeout(Duration.ofSeconds(1))
                .staleAfter(STALE_AFTER)
                .grace(Duration.ofSeconds(2))
                .reaperInterval(STALE_AFTER);
        for (int n = 1; n <= IDENTITIES; n++) {
            config.staticToken(token(n), new Identity("replicated-replica-" + n, APP, "1.0.0", "replica-user",
                    "replica-user", "dev-org", List.of("openid")));
        }
        server = DevServer.start(config.build());
        Map<String, String> settings = new HashMap<>();
        settings.put("quarkus.rekuest.url", server.httpUrl());
        settings.put("quarkus.rekuest.token", CALLER_TOKEN);
        settings.put("quarkus.rekuest.agent.name", "rekuest-replicas-caller");
        settings.put("quarkus.rekuest.client.spread-refresh", "250ms");
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
