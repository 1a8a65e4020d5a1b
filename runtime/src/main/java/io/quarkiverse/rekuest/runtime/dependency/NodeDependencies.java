package io.quarkiverse.rekuest.runtime.dependency;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.client.ActionDemands;
import io.quarkiverse.rekuest.runtime.definition.JsonWriter;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;

/**
 * The dependencies of the application's nodes (protocol.adoc §5.4), derived at build time from the
 * {@code @RekuestClient} interfaces their beans inject: declared in {@code implementAgent}, resolved by the server when
 * a node's task is assigned, and used by the calls the node makes through those interfaces while it runs
 * ({@code dependency} + {@code method} instead of an action), so that they go to the agents the server resolved.
 */
public final class NodeDependencies {

    /** A call made through a declared dependency: the dependency's key and the slot (action) it calls. */
    public record Slot(String dependency, String method) {
    }

    private final Map<String, List<AgentDependency>> byNode;

    public NodeDependencies(Map<String, List<AgentDependency>> byNode) {
        this.byNode = new TreeMap<>(byNode);
    }

    /** The dependencies of the node served under {@code nodeInterface} (none when it has none). */
    public List<AgentDependency> of(String nodeInterface) {
        return byNode.getOrDefault(nodeInterface, List.of());
    }

    /** Every node's dependencies, by node interface. */
    public Map<String, List<AgentDependency>> all() {
        return byNode;
    }

    /** The {@code dependencies} of the node's implementation ({@code [AgentDependencyInput!]!}), as JSON. */
    public String implementationInput(String nodeInterface) {
        JsonWriter json = new JsonWriter();
        json.beginArray();
        for (AgentDependency dependency : of(nodeInterface)) {
            json.beginObject();
            json.name("key").value(dependency.key());
            if (!dependency.app().isEmpty()) {
                json.name("app").value(dependency.app());
            }
            json.name("description").value("@RekuestClient " + dependency.clientInterface());
            json.name("optional").value(dependency.optional());
            // resolved by the server from the live agents at assign time; no resolution has to be made beforehand
            json.name("autoResolvable").value(true);
            json.name("actionDependencies").beginArray();
            for (ActionSlot slot : dependency.actions()) {
                json.beginObject();
                json.name("key").value(slot.key());
                json.name("description").value(slot.signature());
                json.name("optional").value(false);
                json.name("demand").rawValue(ActionDemands.json(slot.target(), slot.definition()));
                json.endObject();
            }
            json.endArray();
            json.endObject();
        }
        json.endArray();
        return json.toString();
    }

    /**
     * How a call of {@code actionKey} through {@code clientInterface}, made inside the task {@code parentTask}, is
     * assigned: through the running node's dependency when the node declared that interface, else {@code null} (an
     * ordinary call by action).
     */
    public Slot slotFor(String parentTask, String clientInterface, String actionKey) {
        if (parentTask == null || byNode.isEmpty()) {
            return null;
        }
        String node = nodeOf(parentTask);
        if (node == null) {
            return null;
        }
        for (AgentDependency dependency : of(node)) {
            if (dependency.clientInterface().equals(clientInterface)) {
                for (ActionSlot slot : dependency.actions()) {
                    if (slot.key().equals(actionKey)) {
                        return new Slot(dependency.key(), slot.key());
                    }
                }
            }
        }
        return null;
    }

    private static String nodeOf(String task) {
        try (InstanceHandle<RekuestAgent> agent = Arc.container().instance(RekuestAgent.class)) {
            return agent.isAvailable() ? agent.get().nodeOf(task) : null;
        }
    }
}
