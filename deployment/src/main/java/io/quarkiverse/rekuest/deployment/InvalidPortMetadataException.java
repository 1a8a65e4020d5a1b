package io.quarkiverse.rekuest.deployment;

/** Thrown for a port metadata annotation that does not fit its port; the message says what and the fix. */
final class InvalidPortMetadataException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidPortMetadataException(String message) {
        super(message);
    }

    /** The same problem, located at a port. */
    InvalidPortMetadataException at(String port) {
        return new InvalidPortMetadataException("has a port " + port + " that " + getMessage());
    }
}
