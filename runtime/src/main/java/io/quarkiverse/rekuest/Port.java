package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes an input port of a {@link Node}: a parameter of the node method, or a component of a record
 * used as a port type.
 *
 * <pre>
 * &#64;Node
 * public Image blur(Image image, &#64;Port(label = "Sigma", description = "blur radius in pixels", defaultValue = "2.0") double sigma)
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
public @interface Port {

    /** The label a UI shows for the port. Empty means none. */
    String label() default "";

    /**
     * A human-readable description of the port. Empty means the Javadoc, read from the sources at build time:
     * the method's {@code @param} for a parameter, the record's {@code @param} for a record component; or none.
     */
    String description() default "";

    /**
     * The port's default value as JSON, used when a caller leaves the argument out or sends
     * {@code null}: {@code "1"}, {@code "2.5"}, {@code "true"}, {@code "\"text\""}, {@code "\"RED\""} for an
     * enum constant, {@code "[1, 2]"}. Checked against the port's type at build time. Empty means none.
     */
    String defaultValue() default "";
}
