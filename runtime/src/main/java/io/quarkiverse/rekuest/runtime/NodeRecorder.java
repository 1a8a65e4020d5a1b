package io.quarkiverse.rekuest.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.invoke.Invoker;

import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/** Hands what the build decided about {@code @Node} methods to the running application. */
@Recorder
public class NodeRecorder {

    /**
     * @param nodes the metadata of every node, ordered by interface name
     * @param invokers the invoker of every node, by interface name
     * @return creates the {@link NodeRegistry} bean
     */
    public Supplier<NodeRegistry> registry(List<NodeMetadata> nodes,
            Map<String, RuntimeValue<Invoker<Object, Object>>> invokers) {
        List<RegisteredNode> registered = new ArrayList<>(nodes.size());
        for (NodeMetadata node : nodes) {
            RuntimeValue<Invoker<Object, Object>> invoker = invokers.get(node.interfaceName());
            if (invoker == null) {
                throw new IllegalStateException("No invoker for node " + node.signature());
            }
            registered.add(new RegisteredNode(node, invoker.getValue()));
        }
        NodeRegistry registry = new NodeRegistry(registered);
        return () -> registry;
    }
}
