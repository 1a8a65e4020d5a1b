package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as a returns tuple: a node returning it has one return port per component, {@code return0},
 * {@code return1}, ... in declaration order (labelled with the component name), instead of a single MODEL port.
 *
 * <pre>
 * &#64;Returns
 * public record Stats(double mean, double stddev) {
 * }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Returns {
}
