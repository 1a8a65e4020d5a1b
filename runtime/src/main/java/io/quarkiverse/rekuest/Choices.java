package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Offers fixed choices for a STRING, INT or FLOAT input port (an {@code AssignWidgetInput} of kind CHOICE). Each value
 * is checked against the port's kind at build time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
public @interface Choices {

    Option[] value();

    /** One choice. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Option {

        /** The value, as written for the port: {@code "fast"} for a STRING port, {@code "3"} for an INT port. */
        String value();

        /** The label; empty means the value. */
        String label() default "";

        String description() default "";
    }
}
