package io.quarkiverse.rekuest.runtime.agent;

import io.smallrye.mutiny.Uni;

/**
 * Supplies the access token for GraphQL calls and the agent's {@code REGISTER}. Asked again for every connection
 * attempt, so an implementation may refresh an expired token. The default chooses by configuration (a static
 * {@code quarkus.rekuest.token}, OAuth2 client credentials or fakts); an application (or another extension)
 * replaces it by declaring its own bean.
 */
public interface TokenProvider {

    /** A valid access token. Never log it. */
    Uni<String> token();

    /**
     * The server refused the last token (an HTTP 401, an authentication error of GraphQL, or a refused
     * {@code REGISTER}): the next {@link #token()} must not hand out a cached one. Nothing to do for a static token.
     */
    default void invalidate() {
    }
}
