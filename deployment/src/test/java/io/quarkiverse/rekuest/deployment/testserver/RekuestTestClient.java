package io.quarkiverse.rekuest.deployment.testserver;

import io.quarkiverse.rekuest.test.wire.GraphQLCaller;

/**
 * The tests' raw GraphQL caller, under its old name.
 *
 * @deprecated use {@link GraphQLCaller} (quarkus-rekuest-test-support), the one raw caller of every module.
 */
@Deprecated
public final class RekuestTestClient extends GraphQLCaller {

    /** A caller of the GraphQL endpoint {@code graphqlUrl} (ending in {@code /graphql}). */
    public RekuestTestClient(String graphqlUrl, String token) {
        super(graphqlUrl, token);
    }
}
