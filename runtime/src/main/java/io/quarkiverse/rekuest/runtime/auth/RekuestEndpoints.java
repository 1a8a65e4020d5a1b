package io.quarkiverse.rekuest.runtime.auth;

import java.net.URI;
import java.util.Optional;

/**
 * The three endpoints of a rekuest server, derived from one base URL (protocol reference §0): GraphQL over HTTP at
 * {@code <base>/graphql}, subscriptions at {@code ws(s)://.../graphql} and the agent socket at {@code ws(s)://.../agi}.
 * A path prefix such as {@code /rekuest} is kept; {@code http} becomes {@code ws}, {@code https} becomes {@code wss}.
 *
 * @param graphqlUrl GraphQL queries and mutations (HTTP POST)
 * @param subscriptionsUrl GraphQL subscriptions (websocket)
 * @param agiUrl the agent protocol (websocket)
 */
public record RekuestEndpoints(String graphqlUrl, String subscriptionsUrl, String agiUrl) {

    static final String URL_KEY = "quarkus.rekuest.url";

    /** The endpoints of a server at {@code base}. */
    public static RekuestEndpoints of(String base) {
        return derive(Optional.of(base), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Derives every endpoint not given from {@code base}.
     *
     * @throws IllegalStateException naming the configuration keys when an endpoint is neither given nor derivable, or
     *         a URL is not absolute http(s)/ws(s)
     */
    public static RekuestEndpoints derive(Optional<String> base, Optional<String> graphql, Optional<String> subscriptions,
            Optional<String> agi) {
        Optional<String> root = base.map(String::trim).filter(url -> !url.isEmpty()).map(RekuestEndpoints::trimSlash);
        root.ifPresent(url -> check(url, URL_KEY, "http", "https"));
        String graphqlUrl = given(graphql).orElseGet(() -> root.map(url -> url + "/graphql").orElseThrow(() -> missing()));
        String subscriptionsUrl = given(subscriptions)
                .orElseGet(() -> root.map(url -> websocket(url) + "/graphql").orElseGet(() -> websocket(graphqlUrl)));
        // without a base URL, the agent socket sits beside the GraphQL endpoint (…/graphql → …/agi), as on the server
        String agiUrl = given(agi).orElseGet(() -> root.map(url -> websocket(url) + "/agi")
                .orElseGet(() -> besideGraphQL(graphqlUrl).orElseThrow(() -> missing())));
        check(graphqlUrl, "quarkus.rekuest.graphql-url", "http", "https");
        check(subscriptionsUrl, "quarkus.rekuest.subscriptions-url", "ws", "wss");
        check(agiUrl, "quarkus.rekuest.agi-url", "ws", "wss");
        return new RekuestEndpoints(graphqlUrl, subscriptionsUrl, agiUrl);
    }

    private static Optional<String> besideGraphQL(String graphqlUrl) {
        String trimmed = trimSlash(graphqlUrl);
        return trimmed.endsWith("/graphql")
                ? Optional.of(websocket(trimmed.substring(0, trimmed.length() - "/graphql".length())) + "/agi")
                : Optional.empty();
    }

    /** Whether any endpoint needs TLS. */
    public boolean secure() {
        return graphqlUrl.startsWith("https:") || subscriptionsUrl.startsWith("wss:") || agiUrl.startsWith("wss:");
    }

    /** {@code http://h/p} → {@code ws://h/p}, {@code https://h/p} → {@code wss://h/p}; ws(s) URLs stay. */
    public static String websocket(String httpUrl) {
        if (httpUrl.regionMatches(true, 0, "https://", 0, 8)) {
            return "wss://" + httpUrl.substring(8);
        }
        if (httpUrl.regionMatches(true, 0, "http://", 0, 7)) {
            return "ws://" + httpUrl.substring(7);
        }
        return httpUrl;
    }

    private static Optional<String> given(Optional<String> url) {
        return url.map(String::trim).filter(u -> !u.isEmpty());
    }

    private static String trimSlash(String url) {
        String trimmed = url;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static IllegalStateException missing() {
        return new IllegalStateException("No rekuest server configured: set " + URL_KEY
                + " (or quarkus.rekuest.graphql-url and quarkus.rekuest.agi-url, or quarkus.rekuest.fakts.url)");
    }

    private static void check(String url, String key, String plain, String secure) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new IllegalStateException(key + " is not a valid URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!(scheme.equals(plain) || scheme.equals(secure)) || uri.getHost() == null) {
            throw new IllegalStateException(key + " must be an absolute " + plain + ":// or " + secure + ":// URL, not " + url);
        }
    }
}
