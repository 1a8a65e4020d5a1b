package io.quarkiverse.rekuest.deployment;

import org.jboss.jandex.MethodInfo;

import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkus.arc.processor.BeanInfo;
import io.quarkus.arc.processor.InvokerInfo;
import io.quarkus.builder.item.MultiBuildItem;

/** One valid {@code @Node} method of the application: its bean, what was derived from it, and its invoker. */
public final class NodeMethodBuildItem extends MultiBuildItem {

    private final BeanInfo bean;
    private final MethodInfo method;
    private final NodeMetadata metadata;
    private final InvokerInfo invoker;

    NodeMethodBuildItem(BeanInfo bean, MethodInfo method, NodeMetadata metadata, InvokerInfo invoker) {
        this.bean = bean;
        this.method = method;
        this.metadata = metadata;
        this.invoker = invoker;
    }

    /** The bean declaring the method. */
    public BeanInfo bean() {
        return bean;
    }

    /** The method. */
    public MethodInfo method() {
        return method;
    }

    /** The definition, execution model and parameter layout derived at build time. */
    public NodeMetadata metadata() {
        return metadata;
    }

    /** The ArC invoker calling the method with instance lookup. */
    public InvokerInfo invoker() {
        return invoker;
    }
}
