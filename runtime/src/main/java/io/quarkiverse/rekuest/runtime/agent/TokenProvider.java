package io.quarkiverse.rekuest.runtime.agent;

import io.smallrye.mutiny.Uni;

/**
 * Supplies the access token for GraphQL calls and the agent's {@code REGISTER}. Asked again for every connection
 * attempt, so an implementation may refresh an expired token. The default uses {@code quarkus.rekuest.token}; an
 * application (or another extension) replaces it by declaring its own bean.
 */
public interface TokenProvider {

    /** A valid access token. Never log it. */
    Uni<String> token();
}
