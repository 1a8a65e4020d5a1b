package io.quarkiverse.rekuest;

/**
 * What running a node does to the world outside the agent, declared with {@link Node#effect()}.
 * <p>
 * The rekuest server uses it to decide whether a task may be re-dispatched to another agent when
 * the agent running it is lost: a node with a {@link #PHYSICAL} effect is never silently re-run.
 */
public enum Effect {

    /** The node has no effect outside its return values (the default). */
    NONE,

    /**
     * The node acts on the physical world (moves a stage, fires a laser); running it twice is not
     * the same as running it once. Incompatible with {@link Node#pure()}.
     */
    PHYSICAL
}
