package io.quarkiverse.rekuest.devserver.auth;

import java.util.List;
import java.util.Objects;

/**
 * Who a token speaks for: the (client, user, organization) triple that rekuest uses as both caller and agent
 * identity, plus the client's app release. A value class (not a record) so that its {@link #key()}, looked up for
 * every task event, is computed once.
 */
public final class Identity {

    private final String clientId;
    private final String app;
    private final String release;
    private final String sub;
    private final String username;
    private final String organization;
    private final List<String> scopes;
    private final String key;

    /**
     * @param clientId OAuth client id (claim {@code client_id})
     * @param app the client's app identifier (claim {@code client_app}); needed to own actions
     * @param release the client's release version (claim {@code client_release})
     * @param sub the user (claim {@code sub})
     * @param username preferred user name, for display
     * @param organization organization slug (claim {@code org})
     * @param scopes granted scopes
     */
    public Identity(String clientId, String app, String release, String sub, String username, String organization,
            List<String> scopes) {
        this.clientId = clientId;
        this.app = app;
        this.release = release;
        this.sub = sub;
        this.username = username;
        this.organization = organization;
        this.scopes = scopes == null ? List.of() : List.copyOf(scopes);
        this.key = clientId + "\u0000" + sub + "\u0000" + organization;
    }

    public String clientId() {
        return clientId;
    }

    public String app() {
        return app;
    }

    public String release() {
        return release;
    }

    public String sub() {
        return sub;
    }

    public String username() {
        return username;
    }

    public String organization() {
        return organization;
    }

    public List<String> scopes() {
        return scopes;
    }

    /** The key under which the server keeps exactly one agent and one caller. */
    public String key() {
        return key;
    }

    /** Whether both are the same (client, user, organization). */
    public boolean sameAs(Identity other) {
        return other != null && key.equals(other.key);
    }

    /** The identity with a different client and app, e.g. for a second dev app. */
    public Identity withClient(String newClientId, String newApp) {
        return new Identity(newClientId, newApp, release, sub, username, organization, scopes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity other && key.equals(other.key) && Objects.equals(app, other.app)
                && Objects.equals(release, other.release) && Objects.equals(username, other.username)
                && scopes.equals(other.scopes);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "Identity[client=" + clientId + ", app=" + app + ", release=" + release + ", user=" + sub
                + ", organization=" + organization + "]";
    }
}
