package io.quarkiverse.rekuest.devserver.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** An agent's in-memory shelve; its drawers name values that live only inside that agent. */
public final class MemoryShelveRecord {

    public final String id;
    public final AgentRecord agent;
    public final String name;
    public final String description = null;
    final Map<String, MemoryDrawerRecord> drawers = new LinkedHashMap<>();

    MemoryShelveRecord(String id, AgentRecord agent) {
        this.id = id;
        this.agent = agent;
        this.name = "Shelve of " + agent.name;
    }
}
