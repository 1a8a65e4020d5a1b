package io.quarkiverse.rekuest.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteAction;
import io.quarkiverse.rekuest.deployment.client.ClientInterfaceBuildItem;
import io.quarkiverse.rekuest.runtime.client.ClientMethod;
import io.quarkiverse.rekuest.runtime.client.DependencyCheck;
import io.quarkiverse.rekuest.runtime.dependency.ActionSlot;
import io.quarkiverse.rekuest.runtime.dependency.AgentDependency;
import io.quarkiverse.rekuest.runtime.dependency.DependencyRecorder;
import io.quarkiverse.rekuest.runtime.dependency.NodeDependencies;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.processor.InjectionPointInfo;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;

/**
 * Derives the dependencies of the nodes (protocol.adoc §5.4): every {@code @RekuestClient} interface injected into the
 * bean of a {@code @Node} method is a dependency of that node, one action slot per method of the interface (except
 * methods bound to one agent's implementation, which name their target themselves). Declared in {@code implementAgent},
 * resolved by the server when a task of the node is assigned, used by the node's calls through the interface.
 */
class DependencyProcessor {

    private static final DotName REKUEST_CLIENT = DotName.createSimple(RekuestClient.class);
    private static final DotName REMOTE_ACTION = DotName.createSimple(RemoteAction.class);

    @BuildStep
    AdditionalBeanBuildItem check() {
        return AdditionalBeanBuildItem.unremovableOf(DependencyCheck.class);
    }

    @BuildStep
    void dependencies(List<NodeMethodBuildItem> nodes, List<ClientInterfaceBuildItem> clients,
            BuildProducer<DependencyBuildItem> dependencies) {
        Map<DotName, ClientInterfaceBuildItem> byName = new LinkedHashMap<>();
        clients.forEach(client -> byName.put(client.iface().name(), client));
        for (NodeMethodBuildItem node : nodes) {
            Map<DotName, Boolean> injected = new TreeMap<>();
            for (InjectionPointInfo injection : node.bean().getAllInjectionPoints()) {
                AnnotationInstance qualifier = injection.getRequiredQualifier(REKUEST_CLIENT);
                if (qualifier == null) {
                    continue;
                }
                AnnotationValue optional = qualifier.value("optional");
                // required wins when the bean injects the interface both ways
                injected.merge(injection.getRequiredType().name(), optional != null && optional.asBoolean(),
                        (a, b) -> a && b);
            }
            for (Map.Entry<DotName, Boolean> entry : injected.entrySet()) {
                ClientInterfaceBuildItem client = byName.get(entry.getKey());
                if (client == null) {
                    continue; // an invalid client interface: reported by the client processor
                }
                List<ActionSlot> slots = new ArrayList<>();
                for (ClientMethod method : client.clientMethods()) {
                    if (method.target().agent().isEmpty()
                            && slots.stream().noneMatch(slot -> slot.key().equals(method.definition().key()))) {
                        slots.add(new ActionSlot(method.definition().key(), method.signature(), method.target(),
                                method.definition()));
                    }
                }
                if (slots.isEmpty()) {
                    continue;
                }
                AnnotationInstance remote = client.iface().declaredAnnotation(REMOTE_ACTION);
                String app = remote == null || remote.value("app") == null ? "" : remote.value("app").asString();
                String key = client.iface().name().withoutPackagePrefix().replace('$', '_');
                dependencies.produce(new DependencyBuildItem(node.metadata().interfaceName(),
                        new AgentDependency(key, client.iface().name().toString(), app, entry.getValue(), slots)));
            }
        }
    }

    /** Exposes the dependencies as the {@link NodeDependencies} bean (empty when there are none). */
    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    SyntheticBeanBuildItem bean(List<DependencyBuildItem> dependencies, DependencyRecorder recorder) {
        Map<String, List<AgentDependency>> byNode = new TreeMap<>();
        for (DependencyBuildItem item : dependencies) {
            byNode.computeIfAbsent(item.nodeInterface(), n -> new ArrayList<>()).add(item.dependency());
        }
        return SyntheticBeanBuildItem.configure(NodeDependencies.class)
                .scope(Singleton.class)
                .unremovable()
                .createWith(recorder.dependencies(byNode))
                .done();
    }
}
