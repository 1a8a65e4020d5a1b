package io.quarkiverse.rekuest.runtime.auth;

import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.runtime.agent.TokenProvider;
import io.quarkus.arc.Arc;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClientException;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.OidcClientConfig;
import io.quarkus.oidc.common.runtime.config.OidcClientCommonConfig.Credentials.Secret.Method;
import io.smallrye.mutiny.Uni;

/**
 * OAuth2 client-credentials tokens through {@code quarkus-oidc-client}: one grant per token, cached and renewed
 * {@code refresh-before-expiry} before it expires (by the token response's {@code expires_in}, else the JWT's
 * {@code exp}), and at once after {@link #invalidate()}. Concurrent callers share one request. Refused credentials are a
 * permanent {@link TokenException} naming the configuration keys; an unreachable endpoint is a transient one.
 * <p>
 * Only created by {@link OidcClientCredentials}, which is a bean only when the application has
 * {@code quarkus-oidc-client}, so that the extension stays optional.
 */
final class ClientCredentialsTokens implements TokenProvider {

    private static final Logger LOG = Logger.getLogger(ClientCredentialsTokens.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** RFC 6749 §5.2 errors that retrying with the same credentials cannot fix. */
    private static final Set<String> REFUSALS = Set.of("invalid_client", "unauthorized_client", "invalid_grant",
            "invalid_scope", "unsupported_grant_type", "invalid_request", "access_denied");

    /** What the token endpoint is, for messages. */
    private final String endpoint;
    /** The configuration keys to fix when the credentials are refused. */
    private final String keys;
    private final Duration refreshBefore;
    private final LongSupplier clock;
    private final java.util.function.Supplier<Uni<OidcClient>> clientFactory;

    private Uni<OidcClient> client;
    private String token;
    private long expiresAtMillis;
    private CompletableFuture<String> pending;

    private ClientCredentialsTokens(String endpoint, String keys, Duration refreshBefore,
            java.util.function.Supplier<Uni<OidcClient>> clientFactory) {
        this.endpoint = endpoint;
        this.keys = keys;
        this.refreshBefore = refreshBefore;
        this.clock = System::currentTimeMillis;
        this.clientFactory = clientFactory;
    }

    /**
     * A client of its own for the given endpoint and credentials.
     *
     * @param keys the configuration keys that hold the credentials, named when they are refused
     */
    static ClientCredentialsTokens of(String tokenUrl, String clientId, String clientSecret, boolean postSecret,
            List<String> scopes, Optional<String> tlsConfigurationName, Duration timeout, Duration refreshBefore,
            String keys) {
        URI uri = URI.create(tokenUrl);
        OidcClientConfigBuilder builder = OidcClientConfig.builder()
                .id("rekuest-" + Integer.toHexString(System.identityHashCode(uri)))
                .authServerUrl(uri.getScheme() + "://" + uri.getRawAuthority())
                .discoveryEnabled(false)
                .tokenPath(tokenUrl)
                .clientId(clientId)
                .credentials().clientSecret(clientSecret, postSecret ? Method.POST : Method.BASIC).end()
                .grant(OidcClientConfig.Grant.Type.CLIENT)
                .connectionTimeout(timeout)
                .connectionRetryCount(1);
        if (!scopes.isEmpty()) {
            builder.scopes(scopes);
        }
        tlsConfigurationName.ifPresent(builder::tlsConfigurationName);
        OidcClientConfig config = builder.build();
        return new ClientCredentialsTokens(tokenUrl, keys, refreshBefore,
                () -> Arc.container().instance(OidcClients.class).get().newClient(config));
    }

    /** The OIDC client {@code name} configured with {@code quarkus.oidc-client.<name>.*}. */
    static ClientCredentialsTokens named(String name, Duration refreshBefore) {
        boolean isDefault = name.isBlank() || "Default".equals(name);
        String prefix = isDefault ? "quarkus.oidc-client." : "quarkus.oidc-client." + name + ".";
        return new ClientCredentialsTokens("the OIDC client " + (isDefault ? "(default)" : name),
                prefix + "client-id and " + prefix + "credentials.secret", refreshBefore, () -> Uni.createFrom().item(() -> {
                    OidcClients clients = Arc.container().instance(OidcClients.class).get();
                    return isDefault ? clients.getClient() : clients.getClient(name);
                }));
    }

    /** A valid token: the cached one unless it expires within {@code refresh-before-expiry}. */
    @Override
    public synchronized Uni<String> token() {
        if (token != null && clock.getAsLong() < expiresAtMillis - refreshBefore.toMillis()) {
            return Uni.createFrom().item(token);
        }
        CompletableFuture<String> request = pending;
        if (request == null) {
            CompletableFuture<String> created = new CompletableFuture<>();
            request = created;
            pending = created;
            if (client == null) {
                client = clientFactory.get().memoize().indefinitely();
            }
            Uni<OidcClient> current = client;
            current.flatMap(OidcClient::getTokens).subscribe().with(tokens -> granted(created, tokens),
                    failure -> refused(created, current, failure));
        }
        return Uni.createFrom().completionStage(request);
    }

    /** The server refused the current token: the next {@link #token()} asks for a new one. */
    @Override
    public synchronized void invalidate() {
        token = null;
        expiresAtMillis = 0;
    }

    private void granted(CompletableFuture<String> request, Tokens tokens) {
        String access = tokens.getAccessToken();
        if (access == null || access.isBlank()) {
            refused(request, null, new TokenException("The token endpoint " + endpoint + " answered without an access token",
                    false));
            return;
        }
        long expires = expiry(tokens, access);
        synchronized (this) {
            token = access;
            expiresAtMillis = expires;
            if (pending == request) {
                pending = null;
            }
        }
        LOG.debugf("Got a rekuest access token from %s, valid for %d s", endpoint,
                Math.max(0, (expires - clock.getAsLong()) / 1000));
        request.complete(access);
    }

    private void refused(CompletableFuture<String> request, Uni<OidcClient> failedClient, Throwable failure) {
        TokenException error = classify(failure);
        synchronized (this) {
            if (pending == request) {
                pending = null;
            }
            if (failedClient != null && client == failedClient && !(failure instanceof OidcClientException)) {
                client = null; // the client could not even be created: try again next time
            }
        }
        request.completeExceptionally(error);
    }

    private TokenException classify(Throwable failure) {
        if (failure instanceof TokenException token) {
            return token;
        }
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof OidcClientException)) {
            cause = cause.getCause();
        }
        if (cause instanceof OidcClientException) {
            String body = cause.getMessage() == null ? "" : cause.getMessage();
            String error = oauthError(body);
            if (error != null && REFUSALS.contains(error)) {
                String description = oauthField(body, "error_description");
                return new TokenException("The token endpoint " + endpoint + " refused the client credentials (" + error
                        + (description == null ? "" : ": " + shorten(description)) + "): check " + keys, true);
            }
            return new TokenException("The token endpoint " + endpoint + " failed: " + shorten(body), false);
        }
        String reason = cause instanceof ConnectException ? "it cannot be reached"
                : cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + shorten(cause.getMessage()));
        return new TokenException("No token from the token endpoint " + endpoint + ": " + reason, false, failure);
    }

    private long expiry(Tokens tokens, String access) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        if (expiresAt != null) {
            return expiresAt * 1000;
        }
        Long exp = jwtExpiry(access);
        // neither expires_in nor a JWT exp: keep it for an hour, or until the server refuses it
        return exp != null ? exp * 1000 : clock.getAsLong() + 3_600_000L;
    }

    /** The {@code exp} claim of a JWT, without verifying it (the server does); {@code null} for other tokens. */
    static Long jwtExpiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode exp = claims.get("exp");
            return exp != null && exp.canConvertToLong() ? exp.asLong() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String oauthError(String body) {
        return oauthField(body, "error");
    }

    private static String oauthField(String body, String field) {
        try {
            JsonNode json = MAPPER.readTree(body);
            JsonNode value = json == null ? null : json.get(field);
            return value != null && value.isTextual() ? value.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }
}
