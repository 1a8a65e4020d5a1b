package io.quarkiverse.rekuest.test;

import java.util.Objects;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkiverse.rekuest.test.wire.FaultControls;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;

/**
 * The rekuest server the application under test is connected to, usually the embedded one that Dev Services started:
 * its URL, the application's token, tokens for other apps, a raw GraphQL caller and the fault controls. Read from
 * the application's configuration, so call it from a {@code @QuarkusTest} (after the application started).
 */
public final class DevServices {

    private final String url;
    private final String token;

    private DevServices(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /** The server of the running application ({@code quarkus.rekuest.url}, {@code quarkus.rekuest.token}). */
    public static DevServices current() {
        var config = ConfigProvider.getConfig();
        String url = config.getOptionalValue("quarkus.rekuest.url", String.class).orElseThrow(
                () -> new IllegalStateException("quarkus.rekuest.url is not set: is this a @QuarkusTest with Dev Services "
                        + "for rekuest (or a configured server)?"));
        return new DevServices(url, config.getOptionalValue("quarkus.rekuest.token", String.class).orElse(null));
    }

    /** The server's base URL ({@code quarkus.rekuest.url}). */
    public String url() {
        return url;
    }

    /** The {@code /graphql} endpoint. */
    public String graphqlUrl() {
        return GraphQLCaller.graphqlUrl(url);
    }

    /** The application's own token ({@code quarkus.rekuest.token}; Dev Services inject a dev token). */
    public String appToken() {
        if (token == null) {
            throw new IllegalStateException("quarkus.rekuest.token is not set (client credentials or fakts in use)");
        }
        return token;
    }

    /**
     * A token of another app on the embedded server, {@code dev:<app>}: its agents and calls have that app's identity
     * (the client app identifier {@code app}, as {@code @RemoteAction(app = ...)} names it). Only the embedded server
     * accepts these tokens.
     */
    public String tokenFor(String app) {
        Objects.requireNonNull(app, "app");
        if (app.isBlank() || app.contains(":")) {
            throw new IllegalArgumentException("an app name is a non-blank identifier without ':', got '" + app + "'");
        }
        return "dev:" + app;
    }

    /** A raw GraphQL caller with the identity of {@code token} (see {@link #tokenFor}). */
    public GraphQLCaller graphql(String token) {
        return GraphQLCaller.ofServer(url, token);
    }

    /** A fake agent of the app {@code app} on this server: declare its actions, then {@link FakeAgent#start()}. */
    public FakeAgent fakeAgent(String app) {
        return FakeAgent.on(url, tokenFor(app)).named(app);
    }

    /** The embedded server's fault endpoints, called with the application's token. */
    public FaultControls faults() {
        return new FaultControls(url, appToken());
    }
}
