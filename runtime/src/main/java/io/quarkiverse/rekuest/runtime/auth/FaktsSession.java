package io.quarkiverse.rekuest.runtime.auth;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

/**
 * The fakts configuration of this application, claimed once on first use (protocol reference §3.1) and kept for the
 * life of the process; a failed claim is tried again on the next use. Active when {@code quarkus.rekuest.auth.source}
 * is {@code fakts}, or {@code auto} with {@code quarkus.rekuest.fakts.url} set.
 */
@Singleton
public class FaktsSession {

    private static final Logger LOG = Logger.getLogger(FaktsSession.class);

    private final RekuestConfig config;
    private final Vertx vertx;
    private final Instance<TlsConfigurationRegistry> tls;
    private Uni<FaktsClient.Claimed> claimed;
    private WebClient web;

    public FaktsSession(RekuestConfig config, Vertx vertx, Instance<TlsConfigurationRegistry> tls) {
        this.config = config;
        this.vertx = vertx;
        this.tls = tls;
    }

    /** Whether fakts is the token source. */
    public boolean enabled() {
        return ConfiguredTokenProvider.source(config) == RekuestConfig.TokenSource.FAKTS;
    }

    /** The base URL of the rekuest instance, from the first alias that answered its challenge. */
    public Uni<String> rekuestUrl() {
        return claimed().map(FaktsClient.Claimed::rekuestUrl);
    }

    synchronized Uni<FaktsClient.Claimed> claimed() {
        if (claimed == null) {
            RekuestConfig.Fakts fakts = config.fakts();
            String url = fakts.url().filter(u -> !u.isBlank()).orElse(null);
            if (url == null) {
                return Uni.createFrom().failure(new TokenException(
                        "quarkus.rekuest.auth.source=fakts needs quarkus.rekuest.fakts.url", true));
            }
            if (web == null) {
                web = WebClient.create(vertx,
                        RekuestTls.webClientOptions(RekuestTls.resolve(tls, config.tlsConfigurationName())));
            }
            FaktsClient client = new FaktsClient(web, url, config.auth().requestTimeout());
            FaktsClient.Manifest manifest = new FaktsClient.Manifest(
                    fakts.identifier().orElseGet(() -> property("quarkus.application.name", "quarkus-rekuest-app")),
                    fakts.version().orElseGet(() -> property("quarkus.application.version", "0.0.0")),
                    List.copyOf(fakts.scopes()), fakts.requirementKey(), fakts.service());
            Uni<FaktsClient.Claimed> attempt = client
                    .claim(manifest, fakts.redeemToken().orElse(null),
                            fakts.claimToken().filter(t -> !t.isBlank()).orElse(null))
                    .invoke(result -> LOG.infof("fakts: claimed the configuration of %s %s from %s: rekuest at %s",
                            manifest.identifier(), manifest.version(), url, result.rekuestUrl()))
                    .onFailure().invoke(failure -> forget())
                    .memoize().indefinitely();
            claimed = attempt;
        }
        return claimed;
    }

    /** Claims again on the next use (the claimed client was refused). */
    public synchronized void forget() {
        claimed = null;
    }

    private static String property(String key, String fallback) {
        Optional<String> value = ConfigProvider.getConfig().getOptionalValue(key, String.class);
        return value.filter(v -> !v.isBlank() && !"<<unset>>".equals(v)).orElse(fallback);
    }
}
