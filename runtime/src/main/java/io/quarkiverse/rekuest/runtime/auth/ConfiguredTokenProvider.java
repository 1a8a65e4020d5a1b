package io.quarkiverse.rekuest.runtime.auth;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.quarkiverse.rekuest.runtime.agent.TokenProvider;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig.TokenSource;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

/**
 * The access token as configured ({@code quarkus.rekuest.auth.source}): the static {@code quarkus.rekuest.token}, OAuth2
 * client credentials through {@code quarkus-oidc-client}, or the client claimed through fakts. An application replaces
 * it by declaring a {@link TokenProvider} bean of its own.
 * <p>
 * Whether the application has {@code quarkus-oidc-client} is decided at build time (its capability makes
 * {@link OidcClientCredentials} a bean); nothing here looks for its classes at run time.
 */
@Singleton
@DefaultBean
public class ConfiguredTokenProvider implements TokenProvider {

    private final RekuestConfig config;
    private final FaktsSession fakts;
    private final TokenSource source;
    /** Resolvable only when the application has {@code quarkus-oidc-client}. */
    private final Instance<OidcClientCredentials> oidcClient;
    /** The client-credentials tokens (of the configured client, or of the one claimed through fakts). */
    private Object clientCredentials;

    public ConfiguredTokenProvider(RekuestConfig config, FaktsSession fakts, Instance<OidcClientCredentials> oidcClient) {
        this.config = config;
        this.fakts = fakts;
        this.source = source(config);
        this.oidcClient = oidcClient;
    }

    /** The source {@code auto} stands for, given what is configured. */
    public static TokenSource source(RekuestConfig config) {
        TokenSource source = config.auth().source();
        if (source != TokenSource.AUTO) {
            return source;
        }
        if (present(config.fakts().url())) {
            return TokenSource.FAKTS;
        }
        if (present(config.auth().clientId()) || present(config.auth().oidcClient())) {
            return TokenSource.CLIENT_CREDENTIALS;
        }
        return TokenSource.STATIC;
    }

    /** The source in use. */
    public TokenSource source() {
        return source;
    }

    @Override
    public Uni<String> token() {
        return switch (source) {
            case FAKTS -> fakts.claimed().flatMap(claimed -> faktsTokens(claimed).token())
                    .onFailure(TokenException.class).invoke(this::claimedClientRefused);
            case CLIENT_CREDENTIALS -> Uni.createFrom().deferred(() -> configuredTokens().token());
            default -> staticToken();
        };
    }

    @Override
    public synchronized void invalidate() {
        if (clientCredentials instanceof TokenProvider tokens) {
            tokens.invalidate();
        } else if (clientCredentials instanceof ClaimedTokens claimed) {
            claimed.tokens().invalidate();
        }
    }

    private Uni<String> staticToken() {
        return config.token().filter(token -> !token.isBlank())
                .map(token -> Uni.createFrom().item(token))
                .orElseGet(() -> Uni.createFrom().failure(new TokenException("No rekuest access token: set "
                        + "quarkus.rekuest.token, or client credentials (quarkus.rekuest.auth.client-id, "
                        + "quarkus.rekuest.auth.client-secret, quarkus.rekuest.auth.token-url), or "
                        + "quarkus.rekuest.fakts.url (or provide a TokenProvider bean)", true)));
    }

    private synchronized TokenProvider configuredTokens() {
        if (clientCredentials == null) {
            OidcClientCredentials oidc = requireOidcClient("client credentials (quarkus.rekuest.auth.client-id)");
            RekuestConfig.Auth auth = config.auth();
            if (present(auth.oidcClient())) {
                clientCredentials = oidc.named(auth.oidcClient().get(), auth.refreshBeforeExpiry());
            } else {
                StringBuilder missing = new StringBuilder();
                for (var entry : List.of(java.util.Map.entry("quarkus.rekuest.auth.token-url", auth.tokenUrl()),
                        java.util.Map.entry("quarkus.rekuest.auth.client-id", auth.clientId()),
                        java.util.Map.entry("quarkus.rekuest.auth.client-secret", auth.clientSecret()))) {
                    if (!present(entry.getValue())) {
                        missing.append(missing.length() == 0 ? "" : ", ").append(entry.getKey());
                    }
                }
                if (missing.length() > 0) {
                    throw new TokenException("Client credentials are incomplete: set " + missing
                            + " (or quarkus.rekuest.auth.oidc-client)", true);
                }
                clientCredentials = oidc.of(auth.tokenUrl().get(), auth.clientId().get(),
                        auth.clientSecret().get(), auth.clientSecretMethod() == RekuestConfig.SecretMethod.POST,
                        auth.scopes().orElse(List.of()), config.tlsConfigurationName(), auth.requestTimeout(),
                        auth.refreshBeforeExpiry(),
                        "quarkus.rekuest.auth.client-id and quarkus.rekuest.auth.client-secret"
                                + (auth.scopes().isPresent() ? " (and quarkus.rekuest.auth.scopes)" : ""));
            }
        }
        return (TokenProvider) clientCredentials;
    }

    private synchronized TokenProvider faktsTokens(FaktsClient.Claimed claimed) {
        if (!(clientCredentials instanceof ClaimedTokens current) || current.claimed != claimed) {
            OidcClientCredentials oidc = requireOidcClient("fakts (quarkus.rekuest.fakts.url)");
            clientCredentials = new ClaimedTokens(claimed, oidc.of(claimed.tokenUrl(), claimed.clientId(),
                    claimed.clientSecret(), false, claimed.scopes(), config.tlsConfigurationName(),
                    config.auth().requestTimeout(), config.auth().refreshBeforeExpiry(),
                    "the client claimed through fakts: a new redeem token (quarkus.rekuest.fakts.redeem-token)"));
        }
        return ((ClaimedTokens) clientCredentials).tokens;
    }

    /** The claimed client was refused: claim again next time (the fakts server may have rotated it). */
    private synchronized void claimedClientRefused(Throwable failure) {
        if (failure instanceof TokenException token && token.isPermanent() && clientCredentials instanceof ClaimedTokens) {
            clientCredentials = null;
            fakts.forget();
        }
    }

    private OidcClientCredentials requireOidcClient(String what) {
        if (!oidcClient.isResolvable()) {
            throw new TokenException(what + " needs the quarkus-oidc-client extension: add the dependency "
                    + "io.quarkus:quarkus-oidc-client", true);
        }
        return oidcClient.get();
    }

    private static boolean present(Optional<String> value) {
        return value.isPresent() && !value.get().isBlank();
    }

    /** The tokens of a client claimed through fakts. */
    private record ClaimedTokens(FaktsClient.Claimed claimed, TokenProvider tokens) {
    }
}
