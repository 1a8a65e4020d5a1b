package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a UI search for the value of an input port (an {@code AssignWidgetInput} of kind SEARCH), typically a
 * structure: {@code query} is the GraphQL search query the {@code ward} runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
public @interface Search {

    /** The GraphQL query. */
    String query();

    /** The ward that runs it, e.g. {@code mikro}. */
    String ward();

    /** Other ports whose values the query receives; each must name an arg port (checked at build time). */
    String[] dependencies() default {};
}
