package io.quarkiverse.rekuest.deployment;

import org.jboss.jandex.Type;

/** Thrown by {@link PortTypes} for a type no port can carry. */
final class UnsupportedPortTypeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The innermost type that is not supported. */
    final transient Type type;
    /** Where it occurs: {@code Foo#bar(x: List<Baz>)}, with record components appended. */
    final String location;
    /** Why, with the fix. */
    final String reason;

    UnsupportedPortTypeException(Type type, String location, String reason) {
        super(JavaNames.simple(type) + " at " + location + ": " + reason);
        this.type = type;
        this.location = location;
        this.reason = reason;
    }
}
