package io.quarkiverse.rekuest.runtime.auth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.quarkiverse.rekuest.runtime.agent.TokenProvider;

/**
 * OAuth2 client-credentials tokens through {@code quarkus-oidc-client}. A bean only when the application has that
 * extension: the build adds it when the {@code io.quarkus.oidc.client} capability is present, so without it neither this
 * class nor {@link ClientCredentialsTokens} is loaded, and neither is reachable in a native executable.
 * {@link ConfiguredTokenProvider} asks whether the bean exists instead of looking for the extension's classes at run
 * time.
 */
@Singleton
public class OidcClientCredentials {

    /**
     * A client of its own for the given endpoint and credentials.
     *
     * @param keys the configuration keys that hold the credentials, named when they are refused
     */
    TokenProvider of(String tokenUrl, String clientId, String clientSecret, boolean postSecret, List<String> scopes,
            Optional<String> tlsConfigurationName, Duration timeout, Duration refreshBefore, String keys) {
        return ClientCredentialsTokens.of(tokenUrl, clientId, clientSecret, postSecret, scopes, tlsConfigurationName,
                timeout, refreshBefore, keys);
    }

    /** The OIDC client {@code name} configured with {@code quarkus.oidc-client.<name>.*}. */
    TokenProvider named(String name, Duration refreshBefore) {
        return ClientCredentialsTokens.named(name, refreshBefore);
    }
}
