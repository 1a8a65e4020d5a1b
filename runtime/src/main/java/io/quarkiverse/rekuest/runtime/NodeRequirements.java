package io.quarkiverse.rekuest.runtime;

import java.util.List;

import io.quarkus.runtime.annotations.RecordableConstructor;

/**
 * What a {@code @Node} needs besides its arguments, decided at build time: the locks it holds while it runs, how many
 * of its tasks may run at once, whether waiting is reported, and the states it changes.
 *
 * @param locks lock keys, sorted
 * @param maxConcurrency at most this many tasks of the node at once; 0 for no limit
 * @param reportWaiting whether a waiting task sends a PROGRESS saying what it waits for
 * @param manipulates the interfaces of the states the node changes, sorted
 */
public record NodeRequirements(List<String> locks, int maxConcurrency, boolean reportWaiting, List<String> manipulates) {

    /** A node that needs nothing. */
    public static final NodeRequirements NONE = new NodeRequirements(List.of(), 0, false, List.of());

    @RecordableConstructor
    public NodeRequirements {
        locks = locks == null ? List.of() : List.copyOf(locks);
        manipulates = manipulates == null ? List.of() : List.copyOf(manipulates);
    }

    /** Whether a task of the node may have to wait before it runs. */
    public boolean gated() {
        return !locks.isEmpty() || maxConcurrency > 0;
    }

    /** Whether the action is declared {@code stateful}. */
    public boolean stateful() {
        return !manipulates.isEmpty();
    }
}
