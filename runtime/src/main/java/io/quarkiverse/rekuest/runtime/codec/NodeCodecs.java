package io.quarkiverse.rekuest.runtime.codec;

import java.util.List;
import java.util.Map;

import io.quarkiverse.rekuest.runtime.NodeMetadata;

/**
 * The Java types of every node's ports, decided at build time, the generated adapters of the application's enums,
 * records and structures, and the agent's memory shelve. A bean.
 */
public final class NodeCodecs {

    private final Map<String, List<JavaType>> argTypes;
    private final Map<String, JavaType> returnTypes;
    private final PortCodec codec;

    public NodeCodecs(Map<String, List<JavaType>> argTypes, Map<String, JavaType> returnTypes,
            Map<String, TypeAdapter> adapters) {
        this(argTypes, returnTypes, adapters, Map.of());
    }

    /**
     * @param argTypes the Java types of each node's argument ports, by interface
     * @param returnTypes the Java type of each node's return value (unwrapped from {@code Uni}, {@code Multi} or
     *        {@code CompletionStage}), by interface
     * @param adapters the generated adapters of enums and records, by name
     * @param structures the generated adapters of structures, by name
     */
    public NodeCodecs(Map<String, List<JavaType>> argTypes, Map<String, JavaType> returnTypes,
            Map<String, TypeAdapter> adapters, Map<String, StructureAdapter> structures) {
        this.argTypes = Map.copyOf(argTypes);
        this.returnTypes = Map.copyOf(returnTypes);
        this.codec = new PortCodec(adapters, structures, new MemoryShelve());
    }

    /** The codec of one node. */
    public NodeCodec codec(NodeMetadata node) {
        List<JavaType> args = argTypes.get(node.interfaceName());
        if (args == null) {
            throw new IllegalStateException("No Java types recorded for node " + node.signature());
        }
        return new NodeCodec(node, args, returnTypes.getOrDefault(node.interfaceName(), JavaType.of(JavaType.Shape.VOID)),
                codec);
    }

    /** Compiles port codecs with the application's adapters: for callers, with their own build-time Java types. */
    public PortCodec portCodec() {
        return codec;
    }

    /** The agent's in-memory shelve of memory structures. */
    public MemoryShelve shelve() {
        return codec.shelve();
    }
}
