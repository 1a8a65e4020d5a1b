package io.quarkiverse.rekuest.runtime.auth;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * Fakts discovery, as the Python client does it (protocol reference §3.1): {@code GET <url>/.well-known/fakts} names
 * the fakts endpoint; a redeem token and the app's manifest are exchanged for a claim token
 * ({@code POST <base>redeem/}), which claims the configuration ({@code POST <base>claim/}): the OAuth2 client
 * ({@code auth}) and the service instances, of which the rekuest one is reached through the first alias whose challenge
 * URL answers 200. Secrets (redeem and claim tokens, the client secret) are never logged nor put in a message.
 */
final class FaktsClient {

    private static final Logger LOG = Logger.getLogger(FaktsClient.class);

    /** What was claimed. */
    record Claimed(String rekuestUrl, String tokenUrl, String clientId, String clientSecret, List<String> scopes) {
        @Override
        public String toString() {
            return "Claimed[rekuestUrl=" + rekuestUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId + "]";
        }
    }

    /** The manifest sent with the redeem token. */
    record Manifest(String identifier, String version, List<String> scopes, String requirementKey, String service) {
    }

    private final WebClient web;
    private final String url;
    private final Duration timeout;

    FaktsClient(WebClient web, String url, Duration timeout) {
        this.web = web;
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.timeout = timeout;
    }

    /**
     * Runs the whole flow.
     *
     * @param claimToken a claim token to use as it is, or {@code null} to redeem {@code redeemToken}
     */
    Uni<Claimed> claim(Manifest manifest, String redeemToken, String claimToken) {
        return Uni.createFrom().completionStage(() -> discover()
                .compose(base -> (claimToken != null ? Future.succeededFuture(claimToken) : redeem(base, manifest, redeemToken))
                        .compose(token -> claimConfig(base, token)))
                .compose(config -> select(config, manifest))
                .toCompletionStage());
    }

    private Future<String> discover() {
        String wellKnown = url.endsWith("/.well-known/fakts") ? url : url + "/.well-known/fakts";
        return get(wellKnown).map(response -> {
            if (response.statusCode() != 200) {
                throw new TokenException("The fakts server " + wellKnown + " answered HTTP " + response.statusCode()
                        + ": check quarkus.rekuest.fakts.url", response.statusCode() == 404);
            }
            JsonObject body = json(response, wellKnown);
            String base = body.getString("base_url");
            if (base == null || base.isBlank()) {
                throw new TokenException(wellKnown + " names no base_url: check quarkus.rekuest.fakts.url", true);
            }
            // base_url may be relative to the server ("/f/") and always ends with a slash
            if (base.startsWith("/")) {
                java.net.URI root = java.net.URI.create(wellKnown);
                base = root.getScheme() + "://" + root.getRawAuthority() + base;
            }
            return base.endsWith("/") ? base : base + "/";
        });
    }

    private Future<String> redeem(String base, Manifest manifest, String redeemToken) {
        if (redeemToken == null || redeemToken.isBlank()) {
            return Future.failedFuture(new TokenException(
                    "Fakts needs quarkus.rekuest.fakts.redeem-token (or quarkus.rekuest.fakts.claim-token)", true));
        }
        JsonArray requirements = new JsonArray().add(new JsonObject().put("key", manifest.requirementKey())
                .put("service", manifest.service()).put("optional", false));
        JsonObject body = new JsonObject()
                .put("manifest", new JsonObject().put("identifier", manifest.identifier()).put("version", manifest.version())
                        .put("scopes", new JsonArray(manifest.scopes())).put("requirements", requirements))
                .put("token", redeemToken);
        String endpoint = base + "redeem/";
        return post(endpoint, body).map(response -> granted(response, endpoint, "quarkus.rekuest.fakts.redeem-token")
                .getString("token"));
    }

    private Future<JsonObject> claimConfig(String base, String token) {
        String endpoint = base + "claim/";
        JsonObject body = new JsonObject().put("token", token).put("secure", base.startsWith("https"));
        return post(endpoint, body).map(response -> {
            JsonObject config = granted(response, endpoint,
                    "quarkus.rekuest.fakts.redeem-token (or quarkus.rekuest.fakts.claim-token)").getJsonObject("config");
            if (config == null) {
                throw new TokenException(endpoint + " granted no config", false);
            }
            return config;
        });
    }

    private Future<Claimed> select(JsonObject config, Manifest manifest) {
        JsonObject auth = config.getJsonObject("auth");
        if (auth == null || auth.getString("token_url") == null || auth.getString("client_id") == null
                || auth.getString("client_secret") == null) {
            return Future.failedFuture(new TokenException("The claimed fakts configuration has no auth client", true));
        }
        JsonObject instances = config.getJsonObject("instances", new JsonObject());
        JsonObject instance = instances.getJsonObject(manifest.requirementKey());
        if (instance == null) {
            return Future.failedFuture(new TokenException("The claimed fakts configuration has no instance for requirement '"
                    + manifest.requirementKey() + "' (has " + instances.fieldNames()
                    + "): check quarkus.rekuest.fakts.requirement-key", true));
        }
        List<JsonObject> aliases = new ArrayList<>();
        instance.getJsonArray("aliases", new JsonArray()).forEach(alias -> aliases.add((JsonObject) alias));
        List<String> scopes = new ArrayList<>();
        auth.getJsonArray("scopes", new JsonArray()).forEach(scope -> scopes.add(String.valueOf(scope)));
        return firstReachable(aliases, 0, new ArrayList<>()).map(alias -> new Claimed(httpPath(alias, null),
                auth.getString("token_url"), auth.getString("client_id"), auth.getString("client_secret"), scopes));
    }

    /** The first alias whose challenge URL answers 200, in order. */
    private Future<JsonObject> firstReachable(List<JsonObject> aliases, int index, List<String> tried) {
        if (index >= aliases.size()) {
            return Future.failedFuture(new TokenException("No alias of the rekuest instance answers its challenge"
                    + (tried.isEmpty() ? " (there is none)" : ": tried " + tried), false));
        }
        JsonObject alias = aliases.get(index);
        String challenge = httpPath(alias, alias.getString("challenge", ""));
        return get(challenge).transform(ar -> {
            if (ar.succeeded() && ar.result().statusCode() == 200) {
                LOG.debugf("fakts: the rekuest instance answers at %s", challenge);
                return Future.succeededFuture(alias);
            }
            tried.add(challenge + " (" + (ar.succeeded() ? "HTTP " + ar.result().statusCode() : ar.cause().getMessage()) + ")");
            return firstReachable(aliases, index + 1, tried);
        });
    }

    /** fakts-next's {@code Alias.to_http_path}. */
    static String httpPath(JsonObject alias, String append) {
        StringBuilder url = new StringBuilder(alias.getBoolean("ssl", false) ? "https://" : "http://")
                .append(alias.getString("host"));
        Integer port = alias.getInteger("port");
        if (port != null && port != 0) {
            url.append(':').append(port);
        }
        String path = alias.getString("path");
        if (path != null && !path.isEmpty()) {
            url.append('/').append(strip(path));
        }
        if (append != null && !append.isEmpty()) {
            url.append('/').append(strip(append));
        }
        return url.toString();
    }

    private static String strip(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return path.substring(start);
    }

    private JsonObject granted(HttpResponse<Buffer> response, String endpoint, String keys) {
        JsonObject body = response.statusCode() == 200 ? json(response, endpoint) : null;
        String status = body == null ? null : body.getString("status");
        if ("granted".equals(status)) {
            return body;
        }
        String reason = body == null ? "HTTP " + response.statusCode()
                : status + (body.getString("message") == null ? "" : ": " + body.getString("message"));
        boolean permanent = body != null || (response.statusCode() >= 400 && response.statusCode() < 500);
        throw new TokenException("The fakts endpoint " + endpoint + " refused (" + reason + "): check " + keys, permanent);
    }

    private static JsonObject json(HttpResponse<Buffer> response, String endpoint) {
        try {
            return response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            throw new TokenException(endpoint + " did not answer JSON", false);
        }
    }

    private Future<HttpResponse<Buffer>> get(String target) {
        return web.getAbs(target).timeout(timeout.toMillis()).send().recover(failure -> unreachable(target, failure));
    }

    private Future<HttpResponse<Buffer>> post(String target, JsonObject body) {
        return web.postAbs(target).timeout(timeout.toMillis()).sendJsonObject(body)
                .recover(failure -> unreachable(target, failure));
    }

    private static <T> Future<T> unreachable(String target, Throwable failure) {
        String reason = failure instanceof ConnectException ? "it cannot be reached" : failure.getMessage();
        return Future.failedFuture(new TokenException("The fakts server " + target + " failed: " + reason, false, failure));
    }
}
