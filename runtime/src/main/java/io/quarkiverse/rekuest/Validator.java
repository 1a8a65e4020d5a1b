package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A client-side check of an input port's value: {@code function} is JavaScript {@code (value, otherValues) =>
 * string | undefined}. Repeatable. Every dependency must name an arg port of the node (checked at build time;
 * {@code a..b} reaches into a port).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Repeatable(Validator.List.class)
public @interface Validator {

    String function();

    String errorMessage() default "";

    String label() default "";

    String[] dependencies() default {};

    /** Several validators. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
    @interface List {
        Validator[] value();
    }
}
