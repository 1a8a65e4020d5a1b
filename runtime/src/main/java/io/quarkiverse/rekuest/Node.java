package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method a rekuest action that this application serves as an agent.
 * <p>
 * The class declaring the method becomes a bean automatically ({@code @Singleton} unless it declares a
 * scope). At build time the method's signature becomes the action's definition: every parameter is an
 * input port (except a {@link Task} parameter, which is the handle of the running task), the return
 * value is the output port {@code return0}. A method returning {@code Multi<T>} is a generator: every
 * item is one result. {@code Uni<T>} and {@code CompletionStage<T>} are awaited.
 * <p>
 * The method must not be private, static or abstract, and its parameters must be compiled with their
 * names ({@code -parameters}, the default of Quarkus projects). {@code @Blocking}, {@code @NonBlocking}
 * and {@code @RunOnVirtualThread} choose the thread it runs on; without them a method returning
 * {@code Uni}, {@code Multi} or {@code CompletionStage} runs on the event loop, any other on a worker
 * thread.
 *
 * <pre>
 * public class Calculator {
 *     &#64;Node(description = "Adds two integers")
 *     public int add(int a, &#64;Port(defaultValue = "1") int b) {
 *         return a + b;
 *     }
 * }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Node {

    /**
     * The action's key, stable within the application, and the interface this agent serves it under.
     * Empty means the method name in snake_case ({@code countTo} → {@code count_to}).
     */
    String key() default "";

    /** The action's display name. Empty means the method name in title case ({@code countTo} → {@code Count To}). */
    String name() default "";

    /**
     * A human-readable description of what the action does. Empty means the method's Javadoc (its main
     * description, as plain text), read from the sources at build time, or none.
     */
    String description() default "";

    /** The version of the action's contract; bump it when its meaning changes. */
    String version() default "1";

    /** Collections the action is grouped in. */
    String[] collections() default {};

    /**
     * The same arguments always give the same result. A pure action is also idempotent and may not have a
     * {@link Effect#PHYSICAL} effect.
     */
    boolean pure() default false;

    /** Running the action twice with the same arguments does no more than running it once. */
    boolean idempotent() default false;

    /** What running the action does outside the agent. */
    Effect effect() default Effect.NONE;

    /**
     * Locks the task holds while it runs (e.g. {@code "stage"} for a microscope stage). A task whose lock is held by
     * another task waits for it, in arrival order; all of a task's locks are taken at once. The agent declares every
     * lock in {@code implementAgent} and reports {@code LOCK} / {@code UNLOCK} around the task.
     */
    String[] locks() default {};

    /** How many tasks of this node run at once at most on this agent; 0 means no limit. Others wait in order. */
    int maxConcurrency() default 0;

    /** Whether a task that waits (for a lock or a free slot) tells its caller with a PROGRESS message. */
    boolean reportWaiting() default false;

    /**
     * The {@link State} records the node changes (through {@link LiveState}): the action is declared {@code stateful}
     * and lists them as {@code manipulates}. A node that changes a state not listed here fails.
     */
    Class<?>[] manipulates() default {};
}
