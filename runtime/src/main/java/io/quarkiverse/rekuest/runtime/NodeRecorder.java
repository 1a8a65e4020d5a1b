package io.quarkiverse.rekuest.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.invoke.Invoker;

import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/** Hands what the build decided about {@code @Node} methods to the running application. */
@Recorder
public class NodeRecorder {

    /**
     * One description per node (metadata, invoker and codec together), so nothing joins them again by interface name
     * later.
     *
     * @param nodes the metadata of every node, ordered by interface name
     * @param invokers the invoker of every node, by interface name
     * @return creates the {@link NodeRegistry} bean from the {@link NodeCodecs} bean
     */
    public Function<SyntheticCreationalContext<NodeRegistry>, NodeRegistry> registry(List<NodeMetadata> nodes,
            Map<String, RuntimeValue<Invoker<Object, Object>>> invokers) {
        return context -> {
            NodeCodecs codecs = context.getInjectedReference(NodeCodecs.class);
            List<RegisteredNode> registered = new ArrayList<>(nodes.size());
            for (NodeMetadata node : nodes) {
                RuntimeValue<Invoker<Object, Object>> invoker = invokers.get(node.interfaceName());
                if (invoker == null) {
                    throw new IllegalStateException("No invoker for node " + node.signature());
                }
                registered.add(new RegisteredNode(node, invoker.getValue(), codecs.codec(node)));
            }
            return new NodeRegistry(registered);
        };
    }
}
