package io.quarkiverse.rekuest.runtime.codec;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;

/** The arguments and returns of one node: {@code args} of an {@code ASSIGN} to invoker arguments, a result to {@code returns}. */
public final class NodeCodec {

    private final NodeMetadata metadata;
    private final List<JavaType> argTypes;
    private final JavaType returnType;
    private final PortCodec codec;

    public NodeCodec(NodeMetadata metadata, List<JavaType> argTypes, JavaType returnType, PortCodec codec) {
        if (argTypes.size() != metadata.definition().args().size()) {
            throw new IllegalArgumentException("Node " + metadata.signature() + " has " + metadata.definition().args().size()
                    + " ports but " + argTypes.size() + " Java argument types");
        }
        this.metadata = metadata;
        this.argTypes = List.copyOf(argTypes);
        this.returnType = returnType;
        this.codec = codec;
    }

    /**
     * The invoker's arguments, in parameter order, with {@code task} at the task parameter.
     *
     * @param args the {@code args} object of the {@code ASSIGN}, or {@code null}
     * @throws CodecException naming the first port whose value does not fit
     */
    public Object[] arguments(JsonNode args, Object task) throws CodecException {
        if (args != null && !args.isNull() && !args.isObject()) {
            throw new CodecException("args", "must be an object keyed by port, got " + args.getNodeType());
        }
        Object[] values = new Object[metadata.parameterCount()];
        List<PortDefinition> ports = metadata.definition().args();
        int port = 0;
        for (int i = 0; i < values.length; i++) {
            if (i == metadata.taskParameter()) {
                values[i] = task;
                continue;
            }
            PortDefinition definition = ports.get(port);
            JsonNode value = args == null || args.isNull() ? null : args.get(definition.key());
            values[i] = codec.expand(value, definition, argTypes.get(port), definition.key());
            port++;
        }
        return values;
    }

    /** Whether the node has a return port (a {@code void} node yields nothing). */
    public boolean returnsValue() {
        return !metadata.definition().returns().isEmpty();
    }

    /**
     * The {@code returns} object of a {@code YIELD}: {@code {"return0": value}}.
     *
     * @throws CodecException when the value does not fit the return port
     */
    public ObjectNode returns(Object value) throws CodecException {
        ObjectNode returns = JsonNodeFactory.instance.objectNode();
        PortDefinition port = metadata.definition().returns().get(0);
        returns.set(ActionDefinition.returnKey(0), codec.shrink(value, port, returnType, port.key()));
        return returns;
    }
}
