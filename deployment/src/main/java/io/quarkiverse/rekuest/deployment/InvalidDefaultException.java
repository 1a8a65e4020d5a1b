package io.quarkiverse.rekuest.deployment;

/** Thrown by {@link DefaultValues} for a default that does not fit its port. */
final class InvalidDefaultException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The port whose default is wrong: {@code b}, or {@code shape.corner} for a record component. */
    final String portPath;
    /** The default as written. */
    final String json;
    /** Why it does not fit. */
    final String reason;

    InvalidDefaultException(String portPath, String json, String reason) {
        super("default " + json + " of port " + portPath + ": " + reason);
        this.portPath = portPath;
        this.json = json;
        this.reason = reason;
    }
}
