package io.quarkiverse.rekuest;

import java.util.function.UnaryOperator;

/**
 * The live value of a {@link State} record, a bean: {@code @Inject LiveState<StagePosition> stage}. Reading is free;
 * every change is published to the rekuest server (coalesced to what the server can take: many changes between two
 * sends become one patch per changed value). A change made while a node runs is attributed to its task; the node must
 * list the state in {@link Node#manipulates()}. Thread-safe.
 *
 * @param <T> the state record
 */
public interface LiveState<T> {

    /** The state's interface (see {@link State#value()}). */
    String name();

    /**
     * The current value.
     *
     * @throws IllegalStateException when the state has no value yet (set one in an {@link AgentStarting} observer)
     */
    T get();

    /** Whether the state has a value yet. */
    boolean isSet();

    /** Replaces the value. {@code null} is refused: a state always has a value. */
    void set(T value);

    /**
     * Changes the value atomically with {@code change} (which may run more than once under contention, so it must not
     * have side effects) and returns the new value.
     */
    T update(UnaryOperator<T> change);
}
