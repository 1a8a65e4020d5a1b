package io.quarkiverse.rekuest.deployment;

import io.quarkiverse.rekuest.runtime.dependency.AgentDependency;
import io.quarkus.builder.item.MultiBuildItem;

/** One dependency of one node: a {@code @RekuestClient} interface injected into the node's bean (protocol.adoc §5.4). */
public final class DependencyBuildItem extends MultiBuildItem {

    private final String nodeInterface;
    private final AgentDependency dependency;

    public DependencyBuildItem(String nodeInterface, AgentDependency dependency) {
        this.nodeInterface = nodeInterface;
        this.dependency = dependency;
    }

    /** The interface the node is served under. */
    public String nodeInterface() {
        return nodeInterface;
    }

    public AgentDependency dependency() {
        return dependency;
    }
}
