package io.quarkiverse.rekuest.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code @Node} methods of the application, as a bean. Built once at start from what the build decided;
 * ordered by interface name.
 */
public final class NodeRegistry {

    private final List<RegisteredNode> nodes;
    private final Map<String, RegisteredNode> byInterface;

    public NodeRegistry(List<RegisteredNode> nodes) {
        this.nodes = List.copyOf(nodes);
        Map<String, RegisteredNode> map = new LinkedHashMap<>();
        for (RegisteredNode node : this.nodes) {
            if (map.putIfAbsent(node.metadata().interfaceName(), node) != null) {
                throw new IllegalArgumentException("Duplicate node interface " + node.metadata().interfaceName());
            }
        }
        this.byInterface = map;
    }

    /** All nodes, ordered by interface name. */
    public List<RegisteredNode> nodes() {
        return nodes;
    }

    /** The node served under {@code interfaceName}, if any. */
    public Optional<RegisteredNode> byInterface(String interfaceName) {
        return Optional.ofNullable(byInterface.get(interfaceName));
    }
}
