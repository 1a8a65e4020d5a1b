package io.quarkiverse.rekuest.runtime.auth;

import java.util.Optional;

import jakarta.enterprise.inject.Instance;

import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.tls.runtime.config.TlsConfigUtils;
import io.vertx.ext.web.client.WebClientOptions;

/** The TLS configuration named by {@code quarkus.rekuest.tls-configuration-name}, from the Quarkus TLS registry. */
final class RekuestTls {

    static final String KEY = "quarkus.rekuest.tls-configuration-name";

    private RekuestTls() {
    }

    /**
     * The named configuration, or the default one ({@code quarkus.tls.*}) when no name is given.
     *
     * @throws IllegalStateException when the name is not in the registry
     */
    static Optional<TlsConfiguration> resolve(Instance<TlsConfigurationRegistry> registries, Optional<String> name) {
        if (!registries.isResolvable()) {
            if (name.isPresent()) {
                throw new IllegalStateException(KEY + " is set but the Quarkus TLS registry is not available");
            }
            return Optional.empty();
        }
        TlsConfigurationRegistry registry = registries.get();
        if (name.isPresent()) {
            return Optional.of(registry.get(name.get()).orElseThrow(() -> new IllegalStateException(KEY + "=" + name.get()
                    + " names no TLS configuration: configure quarkus.tls." + name.get() + ".* (trust-store, key-store)")));
        }
        return registry.getDefault().filter(tls -> tls.getTrustStoreOptions() != null || tls.getKeyStoreOptions() != null
                || tls.isTrustAll());
    }

    /** Web client options (GraphQL over HTTP, fakts) with the TLS configuration applied, if there is one. */
    static WebClientOptions webClientOptions(Optional<TlsConfiguration> tls) {
        WebClientOptions options = new WebClientOptions();
        tls.ifPresent(configuration -> TlsConfigUtils.configure(options, configuration));
        return options;
    }
}
