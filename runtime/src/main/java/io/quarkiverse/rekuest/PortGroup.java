package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Groups input ports of a {@link Node} in the UI ({@code PortGroupInput}). Repeatable; every port must name an arg
 * port of the node (checked at build time).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(PortGroup.List.class)
public @interface PortGroup {

    String key();

    String title() default "";

    String description() default "";

    String[] ports();

    /** Several groups. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        PortGroup[] value();
    }
}
