package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A UI effect on an input port driven by other ports' values: show a message, hide the port, or run a custom hook
 * when the JavaScript {@code function} returns true. Repeatable. Every dependency must name an arg port of the node
 * (checked at build time).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Repeatable(PortEffect.List.class)
public @interface PortEffect {

    Kind kind();

    String function();

    String[] dependencies() default {};

    /** The message of a MESSAGE effect. */
    String message() default "";

    /** Whether a HIDE effect fades the port out rather than removing it. */
    boolean fade() default true;

    /** The hook of a CUSTOM effect. */
    String hook() default "";

    /** The ward of a CUSTOM effect. */
    String ward() default "";

    /** The server's {@code EffectKind}. */
    enum Kind {
        MESSAGE,
        HIDE,
        CUSTOM
    }

    /** Several effects. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
    @interface List {
        PortEffect[] value();
    }
}
