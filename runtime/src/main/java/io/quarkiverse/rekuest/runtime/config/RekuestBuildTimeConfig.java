package io.quarkiverse.rekuest.runtime.config;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Build-time settings of the rekuest extension. */
@ConfigMapping(prefix = "quarkus.rekuest")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface RekuestBuildTimeConfig {

    /** Dev Services: the embedded rekuest server in dev and test mode. */
    DevServices devservices();

    interface DevServices {

        /**
         * Start the embedded rekuest server in dev and test mode when no {@code quarkus.rekuest.url} is configured.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The port of the embedded server. A rekuest dev server already listening there is reused, so that several
         * applications in dev mode see each other's nodes. 0 picks a free port (not shared).
         */
        @WithDefault("8000")
        int port();

        /**
         * Time the embedded server spends on each agent report (and each mirror event), one report at a time per
         * connection, as a real rekuest-server-next does with its database (20-60 ms). 0 is as fast as it gets; 25ms
         * makes the server as slow as a real one, so that an application is tested against the backlogs and heartbeat
         * timeouts (3001) it will meet in production.
         */
        @WithDefault("0ms")
        java.time.Duration reportCost();

        /**
         * How long the embedded server keeps processing a closed connection's backlog before it drops the rest (and, as a
         * real server, then does not notice that the agent left: 4004 until the agent is stale).
         */
        @WithDefault("10s")
        java.time.Duration closeBacklogTimeout();
    }
}
