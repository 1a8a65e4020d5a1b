package io.quarkiverse.rekuest.devserver.graphql;

/**
 * What a handler does with a failure it did not expect: the caller still gets an answer (HTTP 500 with a GraphQL error
 * body, or close code 1011 on a socket), and the cause is logged once, here, without the request's content or token.
 */
final class LastResort {

    private static final System.Logger LOG = System.getLogger("io.quarkiverse.rekuest.devserver");

    /** The close code for "the server met an unexpected condition" (RFC 6455). */
    static final short INTERNAL_ERROR_CLOSE = 1011;

    private LastResort() {
    }

    /** Logs the failure and returns the message to answer with (names the failure, not the input). */
    static String log(String where, Throwable failure) {
        LOG.log(System.Logger.Level.ERROR, "Unexpected failure in " + where + "; the request was answered with an error",
                failure);
        return "Internal error of the embedded rekuest server in " + where + " (" + failure.getClass().getSimpleName()
                + "); see its log";
    }
}
