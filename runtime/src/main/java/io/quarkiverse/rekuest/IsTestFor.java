package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link Node} as a test of another action ({@code TestTargetInput}), by {@code key} (and optionally
 * {@code app} and {@code version}) or by {@code hash}. Repeatable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(IsTestFor.List.class)
public @interface IsTestFor {

    /** The key of the target action; empty means none (then give hash). */
    String key() default "";

    /** The app owning it; empty means the registering agent's app. */
    String app() default "";

    /** One version of it; empty means every version. */
    String version() default "";

    /** The exact hash of the target; empty means none. */
    String hash() default "";

    /** Several targets. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        IsTestFor[] value();
    }
}
