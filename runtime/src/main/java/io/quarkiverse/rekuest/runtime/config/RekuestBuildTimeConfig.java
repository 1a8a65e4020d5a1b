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
    }
}
