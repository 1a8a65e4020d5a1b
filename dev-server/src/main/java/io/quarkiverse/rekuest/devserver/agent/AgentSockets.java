package io.quarkiverse.rekuest.devserver.agent;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open {@code /agi} connections of a server, for faults that act on a connection or on all of them. */
public final class AgentSockets {

    private final Set<AgentSocket> open = ConcurrentHashMap.newKeySet();

    void add(AgentSocket socket) {
        open.add(socket);
    }

    void remove(AgentSocket socket) {
        open.remove(socket);
    }

    /** Every open connection, registered or not. */
    public List<AgentSocket> all() {
        return List.copyOf(open);
    }

    /**
     * The open (not closing) connections registered as the agent. Normally one; more only for a moment during a
     * forced takeover.
     */
    public List<AgentSocket> of(String agentId) {
        return open.stream().filter(s -> !s.closing() && s.agent() != null && s.agent().id.equals(agentId)).toList();
    }
}
