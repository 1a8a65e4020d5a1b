package io.quarkiverse.rekuest.runtime.agent;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.quarkiverse.rekuest.runtime.codec.JavaType;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkiverse.rekuest.runtime.codec.StructureAdapter;
import io.quarkiverse.rekuest.runtime.codec.TypeAdapter;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/** Hands the Java side of every node's ports, decided at build time, to the agent. */
@Recorder
public class AgentRecorder {

    /**
     * @param argTypes the Java types of each node's argument ports, by interface
     * @param returnTypes the Java type of each node's result, by interface
     * @param adapters the generated adapters of the application's enums and records, by class name
     * @param structures the generated adapters of the application's structures, by class name
     */
    public Supplier<NodeCodecs> codecs(Map<String, List<JavaType>> argTypes, Map<String, JavaType> returnTypes,
            Map<String, RuntimeValue<TypeAdapter>> adapters, Map<String, RuntimeValue<StructureAdapter>> structures) {
        Map<String, TypeAdapter> instances = new TreeMap<>();
        adapters.forEach((name, adapter) -> instances.put(name, adapter.getValue()));
        Map<String, StructureAdapter> structureInstances = new TreeMap<>();
        structures.forEach((name, adapter) -> structureInstances.put(name, adapter.getValue()));
        NodeCodecs codecs = new NodeCodecs(argTypes, returnTypes, instances, structureInstances);
        return () -> codecs;
    }
}
