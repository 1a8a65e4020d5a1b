package io.quarkiverse.rekuest.runtime.graphql;

import java.util.List;

/** The GraphQL documents the agent sends (each validated against the reference SDL by a test). */
public final class AgentDocuments {

    private AgentDocuments() {
    }

    /** Get-or-create the agent of the token's identity (§1.2). */
    public static final String ENSURE_AGENT = "mutation EnsureAgent($input: AgentInput!) "
            + "{ ensureAgent(input: $input) { id hash } }";

    /** Reconcile the agent's implementations in one call (§1.2). */
    public static final String IMPLEMENT_AGENT = "mutation ImplementAgent($input: ImplementAgentInput!) "
            + "{ implementAgent(input: $input) { id hash } }";

    /** Registers a memory drawer for a value in the agent's shelve (§4, MEMORY_STRUCTURE). */
    public static final String SHELVE = "mutation Shelve($input: ShelveInMemoryDrawerInput!) "
            + "{ shelveInMemoryDrawer(input: $input) { id } }";

    /** Unregisters a memory drawer. */
    public static final String UNSHELVE = "mutation Unshelve($input: UnshelveMemoryDrawerInput!) "
            + "{ unshelveMemoryDrawer(input: $input) }";

    /**
     * The events (kinds only) the server stored for {@code count} tasks, one {@code task(id)} lookup each, aliased
     * {@code t0}, {@code t1}... with variables {@code $t0}, {@code $t1}...: read before re-sending a task's unconfirmed
     * reports after a reconnect. {@code task(id)} rather than {@code tasks(filters: {ids})}: the real server lets any
     * valid token read a task by id, while what a task list shows may be scoped to its caller.
     */
    public static String storedEvents(int count) {
        StringBuilder variables = new StringBuilder();
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < count; i++) {
            variables.append(i == 0 ? "" : ", ").append("$t").append(i).append(": ID!");
            fields.append(" t").append(i).append(": task(id: $t").append(i).append(") { id events { kind } }");
        }
        return "query StoredEvents(" + variables + ") {" + fields + " }";
    }

    /** A task whose ASSIGN never reached the agent, to run it from what the server stored. */
    public static final String LOST_TASK = "query LostTask($id: ID!) "
            + "{ task(id: $id) { id args parent { id } implementation { interface } events { kind } } }";

    /** Every document, for the conformance test. */
    public static final List<String> ALL = List.of(ENSURE_AGENT, IMPLEMENT_AGENT, SHELVE, UNSHELVE, storedEvents(2),
            LOST_TASK);
}
