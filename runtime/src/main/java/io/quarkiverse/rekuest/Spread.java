package io.quarkiverse.rekuest;

/**
 * Which of an action's live implementations a call goes to. The rekuest server (v2.2.0) sends an assign by action to the
 * <em>first</em> available implementation, so N replicas of an application do not share the work by themselves: a
 * caller that wants them to spreads its calls itself, assigning each by implementation id.
 * <p>
 * Spreading applies to calls that find their action by key and ports or by hash; a call to one agent's implementation
 * ({@link RemoteAction#agent()}) always goes there.
 */
public enum Spread {

    /** Not set here: {@code quarkus.rekuest.client.spread} (in {@link RemoteAction}, or the interface's value). */
    CONFIGURED,

    /** The server's rule: assign by action, the first available implementation runs the call. */
    FIRST_AVAILABLE,

    /**
     * The live implementations in turn, assigned by implementation id. An idempotent call whose replica is lost is
     * assigned again to another one.
     */
    ROUND_ROBIN,

    /**
     * The live implementation with the fewest calls of this application open on it (its own count; the server has no
     * load figure), assigned by implementation id. An idempotent call whose replica is lost is assigned again to
     * another one.
     */
    LEAST_BUSY;

    /** Whether calls pick the implementation themselves. */
    public boolean spreads() {
        return this == ROUND_ROBIN || this == LEAST_BUSY;
    }
}
