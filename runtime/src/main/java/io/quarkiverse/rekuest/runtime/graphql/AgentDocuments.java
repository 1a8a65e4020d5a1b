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

    /** Every document, for the conformance test. */
    public static final List<String> ALL = List.of(ENSURE_AGENT, IMPLEMENT_AGENT, SHELVE, UNSHELVE);
}
