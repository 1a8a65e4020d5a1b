package io.quarkiverse.rekuest.deployment;

import org.jboss.jandex.DotName;

import io.quarkiverse.rekuest.runtime.state.StateMetadata;
import io.quarkus.builder.item.MultiBuildItem;

/** One valid {@code @State} record of the application. */
public final class StateBuildItem extends MultiBuildItem {

    private final DotName className;
    private final StateMetadata metadata;

    StateBuildItem(DotName className, StateMetadata metadata) {
        this.className = className;
        this.metadata = metadata;
    }

    /** The record. */
    public DotName className() {
        return className;
    }

    /** Its interface, name, ports and Java side. */
    public StateMetadata metadata() {
        return metadata;
    }
}
