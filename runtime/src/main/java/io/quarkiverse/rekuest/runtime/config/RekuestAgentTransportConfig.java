package io.quarkiverse.rekuest.runtime.config;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the agent talks to the server. Fixed at build time: the webhook intake is a route of the application's HTTP
 * server, added by the build only for {@code webhook}.
 */
@ConfigMapping(prefix = "quarkus.rekuest.agent")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface RekuestAgentTransportConfig {

    /**
     * {@code websocket}: the agent keeps the {@code /agi} socket open (heartbeats, reconnects; one process per
     * identity). {@code webhook}: the server POSTs every message to this application's intake
     * ({@code <root-path>/rekuest/webhook}, see {@code quarkus.rekuest.agent.webhook.*}) and the agent reports by POSTing
     * to {@code <url>/agi/http/<agent>}; no connection is kept, so any number of replicas behind a load balancer can
     * serve one agent identity.
     */
    @WithDefault("websocket")
    Transport transport();

    /** The agent's transport. */
    enum Transport {
        /** The {@code /agi} websocket. */
        WEBSOCKET,
        /** HTTP POSTs both ways, signed with HMAC-SHA256 (rekuest's HookAgent). */
        WEBHOOK
    }
}
