package io.quarkiverse.rekuest.runtime.auth;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.quarkiverse.rekuest.runtime.agent.TokenProvider;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * How to reach the rekuest server: its endpoints (from {@code quarkus.rekuest.url}, the overrides, or fakts), the TLS
 * configuration for {@code https}/{@code wss}, and the access token on each channel (protocol reference §3.3): the
 * GraphQL {@code Authorization: Bearer} header, the subscription {@code connection_init} payload {@code {"token"}} and
 * the agent's {@code REGISTER} frame. Shared by the agent and the callers.
 */
@Singleton
public class RekuestConnection {

    private final RekuestConfig config;
    private final TokenProvider tokens;
    private final FaktsSession fakts;
    private final Vertx vertx;
    private final Instance<TlsConfigurationRegistry> registry;

    private RekuestEndpoints endpoints;
    private Optional<TlsConfiguration> tls;

    public RekuestConnection(RekuestConfig config, TokenProvider tokens, FaktsSession fakts, Vertx vertx,
            Instance<TlsConfigurationRegistry> registry) {
        this.config = config;
        this.tokens = tokens;
        this.fakts = fakts;
        this.vertx = vertx;
        this.registry = registry;
    }

    /**
     * The endpoints. With fakts and no {@code quarkus.rekuest.url}, the first call claims the configuration (blocking,
     * at most a few request timeouts).
     *
     * @throws IllegalStateException naming the configuration keys when no server is configured
     */
    public synchronized RekuestEndpoints endpoints() {
        if (endpoints == null) {
            Optional<String> base = config.url().filter(url -> !url.isBlank());
            if (base.isEmpty() && fakts.enabled() && (config.graphqlUrl().isEmpty() || config.agiUrl().isEmpty())) {
                Duration wait = config.auth().requestTimeout().multipliedBy(4);
                try {
                    base = Optional.of(fakts.rekuestUrl().await().atMost(wait));
                } catch (TokenException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new TokenException("fakts discovery at " + config.fakts().url().orElse("?") + " failed: "
                            + e.getMessage(), false, e);
                }
            }
            endpoints = RekuestEndpoints.derive(base, config.graphqlUrl(), config.subscriptionsUrl(), config.agiUrl());
        }
        return endpoints;
    }

    /** The token source. */
    public TokenProvider tokens() {
        return tokens;
    }

    /** {@code quarkus.rekuest.tls-configuration-name}. */
    public Optional<String> tlsConfigurationName() {
        return config.tlsConfigurationName().filter(name -> !name.isBlank());
    }

    /** The TLS configuration of the registry in use, if any (named, or the default one). */
    public synchronized Optional<TlsConfiguration> tls() {
        if (tls == null) {
            tls = RekuestTls.resolve(registry, tlsConfigurationName());
        }
        return tls;
    }

    /** Options for a Vert.x web client talking to the server over HTTP(S): the TLS configuration applied. */
    public WebClientOptions webClientOptions() {
        return RekuestTls.webClientOptions(tls());
    }

    /** Applies the TLS configuration to a websocket connector (agent or subscriptions). */
    public BasicWebSocketConnector secure(BasicWebSocketConnector connector) {
        return tlsConfigurationName().map(connector::tlsConfigurationName).orElse(connector);
    }

    /**
     * A dynamic GraphQL client for queries and mutations: every request asks the token provider for a token (so a
     * renewed one is used) and sends it as {@code Authorization: Bearer}. Close it after use.
     */
    public DynamicGraphQLClient graphqlClient() {
        int maxConnections = config.client().maxConnections();
        if (maxConnections < 1) {
            throw new IllegalArgumentException(
                    "quarkus.rekuest.client.max-connections must be at least 1, got " + maxConnections);
        }
        return new VertxDynamicGraphQLClientBuilder()
                .vertx(vertx)
                .options(webClientOptions().setMaxPoolSize(maxConnections))
                .url(endpoints().graphqlUrl())
                .dynamicHeader("Authorization", Uni.createFrom().deferred(tokens::token).map(token -> "Bearer " + token))
                .build();
    }

    /**
     * A dynamic GraphQL client for subscriptions over {@code graphql-transport-ws} (or the legacy {@code graphql-ws}):
     * a fresh token goes into the {@code connection_init} payload. Since the payload is fixed per client, build one per
     * connection. Close it after use.
     */
    public Uni<DynamicGraphQLClient> subscriptionClient() {
        return subscriptionClient(false);
    }

    /**
     * As {@link #subscriptionClient()}; with {@code operationsOverWebsocket}, the client's queries and mutations go over
     * the same socket as its subscriptions (so the server handles them in order with them).
     */
    public Uni<DynamicGraphQLClient> subscriptionClient(boolean operationsOverWebsocket) {
        return tokens.token().map(token -> (DynamicGraphQLClient) new VertxDynamicGraphQLClientBuilder()
                .vertx(vertx)
                .options(webClientOptions())
                .url(endpoints().graphqlUrl())
                .websocketUrl(endpoints().subscriptionsUrl())
                .subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS, WebsocketSubprotocol.GRAPHQL_WS)
                .header("Authorization", "Bearer " + token)
                .initPayload(initPayload(token))
                .executeSingleOperationsOverWebsocket(operationsOverWebsocket)
                .build());
    }

    /** The {@code connection_init} payload of a subscription socket: {@code {"token": <jwt>}}. */
    public static Map<String, Object> initPayload(String token) {
        return Map.of("token", token);
    }

    /**
     * Looks at a failure of a request to the server: when the server rejected the token (HTTP 401, an authentication
     * error of GraphQL), the token provider is told, so that the next attempt gets a new token.
     *
     * @return the permanent token failure in {@code failure}, which retrying cannot fix, or {@code null}
     */
    public TokenException onFailure(Throwable failure) {
        TokenException permanent = TokenException.permanentIn(failure);
        if (permanent == null && isTokenRejection(failure)) {
            tokens.invalidate();
        }
        return permanent;
    }

    /** Whether a failure says the server did not accept the token. */
    public static boolean isTokenRejection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TokenException) {
                return false;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("401") || message.contains("unauthorized") || message.contains("token")
                    || message.contains("authenticat") || message.contains("authorization header")) {
                return true;
            }
        }
        return false;
    }
}
