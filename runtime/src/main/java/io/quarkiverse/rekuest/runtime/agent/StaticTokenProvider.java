package io.quarkiverse.rekuest.runtime.agent;

import jakarta.inject.Singleton;

import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

/** The token of {@code quarkus.rekuest.token}. */
@Singleton
@DefaultBean
public class StaticTokenProvider implements TokenProvider {

    private final RekuestConfig config;

    public StaticTokenProvider(RekuestConfig config) {
        this.config = config;
    }

    @Override
    public Uni<String> token() {
        return config.token().filter(token -> !token.isBlank())
                .map(token -> Uni.createFrom().item(token))
                .orElseGet(() -> Uni.createFrom().failure(new IllegalStateException(
                        "No rekuest access token: set quarkus.rekuest.token (or provide a TokenProvider bean)")));
    }
}
