package io.quarkiverse.rekuest.it;

import io.quarkiverse.rekuest.test.wire.GraphQLCaller;

/**
 * The tests' raw GraphQL caller, under its old name (which clashes with the extension's
 * {@code runtime.client.RekuestCaller}).
 *
 * @deprecated use {@link GraphQLCaller#ofServer}, the one raw caller of every module.
 */
@Deprecated
public final class RekuestCaller extends GraphQLCaller {

    /** A caller of the server at {@code serverUrl} (its base URL). */
    public RekuestCaller(String serverUrl, String token) {
        super(graphqlUrl(serverUrl), token);
    }
}
