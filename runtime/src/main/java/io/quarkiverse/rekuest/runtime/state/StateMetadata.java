package io.quarkiverse.rekuest.runtime.state;

import io.quarkiverse.rekuest.runtime.codec.JavaType;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkus.runtime.annotations.RecordableConstructor;

/**
 * One {@code @State} record, decided at build time.
 *
 * @param iface the state's interface, unique within the agent
 * @param name the display name of its definition
 * @param className the record's class, for messages
 * @param model the record as a MODEL port: its children are the state's ports
 * @param type the record's Java side, for its codec
 */
public record StateMetadata(String iface, String name, String className, PortDefinition model, JavaType type) {

    @RecordableConstructor
    public StateMetadata {
    }
}
