package io.quarkiverse.rekuest.runtime.agent.webhook;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import io.quarkus.arc.Arc;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;

/**
 * When the application's HTTP server listens, and at which local address. A webhook agent registers only then: the
 * server may POST an ASSIGN right after {@code ensureAgent}, and one that finds no intake is lost. HTTP listens after
 * the {@code StartupEvent} observers ran, and with port 0 (tests) only then is the port known.
 */
@Singleton
public class HttpServerStarted {

    private final CompletableFuture<URI> listening = new CompletableFuture<>();

    void http(@ObservesAsync HttpServerStart event) {
        started(event.options().isSsl() ? "https" : "http", event.options().getPort());
    }

    void https(@ObservesAsync HttpsServerStart event) {
        started("https", event.options().getPort());
    }

    private void started(String scheme, int configuredPort) {
        URI local = null;
        try {
            ValueRegistry values = Arc.container().instance(ValueRegistry.class).get();
            local = values == null ? null : values.get(HttpServer.LOCAL_BASE_URI);
        } catch (RuntimeException e) {
            // not registered: built from the options below
        }
        if (local == null) {
            local = URI.create(scheme + "://localhost:" + configuredPort);
        }
        listening.complete(local);
    }

    /** Completes with the local base URI ({@code http://localhost:<port><root-path>}) once the server listens. */
    public CompletableFuture<URI> listening() {
        return listening;
    }
}
