package io.quarkiverse.rekuest.devserver.auth;

import java.util.List;

/**
 * Who a token speaks for: the (client, user, organization) triple that rekuest uses as both caller and agent
 * identity, plus the client's app release.
 *
 * @param clientId OAuth client id (claim {@code client_id})
 * @param app the client's app identifier (claim {@code client_app}); needed to own actions
 * @param release the client's release version (claim {@code client_release})
 * @param sub the user (claim {@code sub})
 * @param username preferred user name, for display
 * @param organization organization slug (claim {@code org})
 * @param scopes granted scopes
 */
public record Identity(String clientId, String app, String release, String sub, String username, String organization,
        List<String> scopes) {

    public Identity {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** The key under which the server keeps exactly one agent and one caller. */
    public String key() {
        return clientId + "\u0000" + sub + "\u0000" + organization;
    }

    /** The identity with a different client and app, e.g. for a second dev app. */
    public Identity withClient(String newClientId, String newApp) {
        return new Identity(newClientId, newApp, release, sub, username, organization, scopes);
    }
}
