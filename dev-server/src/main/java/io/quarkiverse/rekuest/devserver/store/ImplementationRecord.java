package io.quarkiverse.rekuest.devserver.store;

import com.fasterxml.jackson.databind.JsonNode;

/** An action bound to an agent under an agent-local {@code interface} name. */
public final class ImplementationRecord {

    public final String id;
    public final AgentRecord agent;
    public final String interfaceName;
    public volatile ActionRecord action;
    public volatile JsonNode params;
    public volatile boolean needsToken;
    /** NONE or PHYSICAL: what happens to its tasks when the agent is lost (§2.9). */
    public volatile String effect;
    /** The lock keys it declared ({@code ImplementationInput.locks}). */
    public volatile java.util.List<String> locks = java.util.List.of();
    /** The state interfaces it declared to change ({@code ImplementationInput.manipulates}). */
    public volatile java.util.List<String> manipulates = java.util.List.of();
    /** The declared {@code AgentDependencyInput}s (an array, maybe empty): resolved at assign time (§5.4). */
    public volatile JsonNode dependencies;
    public final boolean pinned = false;

    ImplementationRecord(String id, AgentRecord agent, String interfaceName) {
        this.id = id;
        this.agent = agent;
        this.interfaceName = interfaceName;
    }
}
