package io.quarkiverse.rekuest.deployment.auth;

import io.quarkiverse.rekuest.runtime.auth.ConfiguredTokenProvider;
import io.quarkiverse.rekuest.runtime.auth.FaktsSession;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;

/** The connection to the server: endpoints, TLS, and the token as configured (static, client credentials, fakts). */
class AuthProcessor {

    @BuildStep
    AdditionalBeanBuildItem authBeans() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(RekuestConnection.class, ConfiguredTokenProvider.class, FaktsSession.class)
                .setUnremovable()
                .build();
    }
}
