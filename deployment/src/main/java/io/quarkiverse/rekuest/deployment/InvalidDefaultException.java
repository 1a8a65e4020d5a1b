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
    /** How to fix it. */
    final String fix;

    InvalidDefaultException(String portPath, String json, String reason) {
        this(portPath, json, reason, "write a JSON value that fits the port in @Port(defaultValue).");
    }

    InvalidDefaultException(String portPath, String json, String reason, String fix) {
        super("default " + json + " of port " + portPath + ": " + reason);
        this.portPath = portPath;
        this.json = json;
        this.reason = reason;
        this.fix = fix;
    }
}
