package io.quarkiverse.rekuest.deployment.auth;

import io.quarkiverse.rekuest.runtime.auth.ConfiguredTokenProvider;
import io.quarkiverse.rekuest.runtime.auth.FaktsSession;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;

/** The connection to the server: endpoints, TLS, and the token as configured (static, client credentials, fakts). */
class AuthProcessor {

    /** By name: the class refers to {@code quarkus-oidc-client}, which is only there when the application has it. */
    static final String OIDC_CLIENT_CREDENTIALS = "io.quarkiverse.rekuest.runtime.auth.OidcClientCredentials";

    @BuildStep
    AdditionalBeanBuildItem authBeans() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(RekuestConnection.class, ConfiguredTokenProvider.class, FaktsSession.class)
                .setUnremovable()
                .build();
    }

    /**
     * Client credentials (configured or claimed through fakts) when the application has {@code quarkus-oidc-client}:
     * decided here by its capability, never by looking for its classes at run time.
     */
    @BuildStep
    void clientCredentials(Capabilities capabilities, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (capabilities.isPresent(Capability.OIDC_CLIENT)) {
            beans.produce(AdditionalBeanBuildItem.builder().addBeanClasses(OIDC_CLIENT_CREDENTIALS).setUnremovable()
                    .build());
        }
    }
}
