package io.quarkiverse.rekuest.runtime;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The {@link NodeRequirements} of every node, by interface; a bean. Nodes that need nothing are not listed. */
public final class Requirements {

    private final Map<String, NodeRequirements> byInterface;

    public Requirements(Map<String, NodeRequirements> byInterface) {
        this.byInterface = Map.copyOf(byInterface);
    }

    /** What the node serving {@code iface} needs ({@link NodeRequirements#NONE} when nothing). */
    public NodeRequirements of(String iface) {
        return byInterface.getOrDefault(iface, NodeRequirements.NONE);
    }

    /** Every lock key any node needs, sorted: the agent's declared locks. */
    public Set<String> lockKeys() {
        Set<String> keys = new TreeSet<>();
        byInterface.values().forEach(r -> keys.addAll(r.locks()));
        return keys;
    }

    /** Whether any node has locks or a concurrency limit. */
    public boolean anyGated() {
        return byInterface.values().stream().anyMatch(NodeRequirements::gated);
    }
}
