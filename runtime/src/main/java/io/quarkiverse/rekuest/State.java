package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a record observable state of this agent: its components are the state's schema (one port each, mapped like a
 * node's ports), declared in {@code implementAgent}. Inject {@code LiveState<TheRecord>} to read and change it; every
 * change is published to the server ({@code STATE_PATCH}, with a {@code STATE_SNAPSHOT} at each connection and every
 * few patches) and readable with {@code states} / {@code watchState}.
 *
 * <pre>
 * &#64;State("stage")
 * public record StagePosition(double x, double y, boolean moving) {
 * }
 * </pre>
 *
 * Every state needs a first value before the agent registers: set it in an observer of {@link AgentStarting}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface State {

    /** The state's interface, unique within the agent; empty means the record's simple name in snake_case. */
    String value() default "";

    /** The state's display name; empty means the record's simple name. */
    String name() default "";
}
