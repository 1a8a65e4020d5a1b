package io.quarkiverse.rekuest.devserver.store;

/** A refused operation; the message goes to the caller as a GraphQL error or a protocol error. */
public class RekuestException extends RuntimeException {

    public RekuestException(String message) {
        super(message, null, false, false);
    }
}
