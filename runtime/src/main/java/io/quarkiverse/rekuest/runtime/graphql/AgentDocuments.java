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
     * How many events of each kind the server stored for tasks this agent has unconfirmed reports of (before
     * re-sending them after a reconnect).
     */
    public static final String STORED_EVENTS = "query StoredEvents($ids: [ID!]) "
            + "{ tasks(filters: {ids: $ids}) { id events { kind } } }";

    /** A task whose ASSIGN never reached the agent, to run it from what the server stored. */
    public static final String LOST_TASK = "query LostTask($id: ID!) "
            + "{ task(id: $id) { id args parent { id } implementation { interface } events { kind } } }";

    /** Every document, for the conformance test. */
    public static final List<String> ALL = List.of(ENSURE_AGENT, IMPLEMENT_AGENT, SHELVE, UNSHELVE, STORED_EVENTS,
            LOST_TASK);
}
