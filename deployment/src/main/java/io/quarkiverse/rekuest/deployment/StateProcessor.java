package io.quarkiverse.rekuest.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.ClassType;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.ParameterizedType;
import org.jboss.jandex.Type;

import io.quarkiverse.rekuest.LiveState;
import io.quarkiverse.rekuest.State;
import io.quarkiverse.rekuest.runtime.NodeRequirements;
import io.quarkiverse.rekuest.runtime.Requirements;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkiverse.rekuest.runtime.definition.PortKind;
import io.quarkiverse.rekuest.runtime.lifecycle.AgentHooks;
import io.quarkiverse.rekuest.runtime.state.StateMetadata;
import io.quarkiverse.rekuest.runtime.state.StateRecorder;
import io.quarkiverse.rekuest.runtime.state.StateRegistry;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;

/**
 * State, locks and lifecycle: the {@code @State} records (their schema, codec and {@code LiveState<T>} beans), what
 * each {@code @Node} needs ({@code locks}, {@code maxConcurrency}, {@code reportWaiting}, {@code manipulates}) and the
 * bean that runs the application's work around the agent.
 */
class StateProcessor {

    static final DotName STATE = DotName.createSimple(State.class);
    static final DotName LIVE_STATE = DotName.createSimple(LiveState.class);

    @BuildStep
    AdditionalBeanBuildItem hooksBean() {
        return AdditionalBeanBuildItem.unremovableOf(AgentHooks.class);
    }

    /** The {@code @State} records, checked, in interface order; problems become deployment errors. */
    @BuildStep
    void states(CombinedIndexBuildItem index, JavadocBuildItem javadoc, BuildProducer<StateBuildItem> states,
            BuildProducer<CodecTypeBuildItem> codecTypes, BuildProducer<ValidationErrorBuildItem> errors) {
        List<String> problems = new ArrayList<>();
        PortTypes portTypes = new PortTypes(index.getComputingIndex(), javadoc.index());
        AgentJavaTypes javaTypes = new AgentJavaTypes(index.getComputingIndex());
        Map<String, StateBuildItem> byInterface = new TreeMap<>();
        for (AnnotationInstance annotation : index.getIndex().getAnnotations(STATE)) {
            if (annotation.target().kind() != AnnotationTarget.Kind.CLASS) {
                continue;
            }
            ClassInfo clazz = annotation.target().asClass();
            String where = "@State " + clazz.name();
            if (!clazz.isRecord()) {
                problems.add(where + " is not a record. Fix: declare the state as a record (its components are the"
                        + " state's ports); LiveState<T> holds the changing value.");
                continue;
            }
            String iface = string(annotation, "value", JavaNames.snakeCase(clazz.simpleName()));
            String name = string(annotation, "name", clazz.simpleName());
            Type type = ClassType.create(clazz.name());
            PortTypes.MappedPort port;
            try {
                port = portTypes.port("state", type, PortTypes.Annotations.of(null, List.of(), type),
                        JavaNames.simple(clazz));
            } catch (UnsupportedPortTypeException e) {
                problems.add(where + " has the unsupported type " + JavaNames.simple(e.type) + " at " + e.location + ": "
                        + e.reason);
                continue;
            } catch (InvalidDefaultException | InvalidPortMetadataException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            if (port.port().kind() != PortKind.MODEL) {
                problems.add(where + " does not map to a model port. Fix: use a plain record of port types.");
                continue;
            }
            StateBuildItem item = new StateBuildItem(clazz.name(), new StateMetadata(iface, name, clazz.name().toString(),
                    port.port(), javaTypes.of(type)));
            StateBuildItem other = byInterface.put(iface, item);
            if (other != null) {
                problems.add("@State " + other.className() + " and " + clazz.name() + " have the same interface \""
                        + iface + "\". Fix: give one of them another with @State(\"...\").");
                continue;
            }
            codecTypes.produce(new CodecTypeBuildItem(type));
        }
        if (!problems.isEmpty()) {
            errors.produce(new ValidationErrorBuildItem(problems.stream().map(p -> (Throwable) new DeploymentException(p))
                    .toList()));
            return;
        }
        states.produce(new ArrayList<>(byInterface.values()));
    }

    /** The {@link StateRegistry} bean and one {@code LiveState<T>} bean per state. */
    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    void stateBeans(List<StateBuildItem> states, StateRecorder recorder, BuildProducer<SyntheticBeanBuildItem> beans) {
        List<StateMetadata> metadata = new ArrayList<>();
        states.forEach(state -> metadata.add(state.metadata()));
        beans.produce(SyntheticBeanBuildItem.configure(StateRegistry.class)
                .scope(Singleton.class)
                .unremovable()
                .addInjectionPoint(ClassType.create(DotName.createSimple(NodeCodecs.class)))
                .createWith(recorder.registry(metadata))
                .done());
        for (StateBuildItem state : states) {
            beans.produce(SyntheticBeanBuildItem.configure(LIVE_STATE)
                    .types(ParameterizedType.create(LIVE_STATE, new Type[] { ClassType.create(state.className()) }, null))
                    .scope(Singleton.class)
                    .unremovable()
                    .addInjectionPoint(ClassType.create(DotName.createSimple(StateRegistry.class)))
                    .createWith(recorder.live(state.metadata().iface()))
                    .done());
        }
    }

    /** What each node needs, checked: {@code manipulates} names {@code @State} records, limits are not negative. */
    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    void requirements(List<NodeMethodBuildItem> nodes, List<StateBuildItem> states, CombinedIndexBuildItem index,
            StateRecorder recorder, BuildProducer<SyntheticBeanBuildItem> beans,
            BuildProducer<ValidationErrorBuildItem> errors) {
        Map<DotName, String> stateInterfaces = new LinkedHashMap<>();
        states.forEach(state -> stateInterfaces.put(state.className(), state.metadata().iface()));
        List<String> problems = new ArrayList<>();
        Map<String, NodeRequirements> byInterface = new TreeMap<>();
        for (NodeMethodBuildItem node : nodes) {
            AnnotationInstance annotation = node.method().declaredAnnotation(DotNames.NODE);
            if (annotation == null) {
                annotation = contractAnnotation(index.getIndex(), node);
            }
            if (annotation == null) {
                continue;
            }
            String where = "@Node method " + node.metadata().signature();
            TreeSet<String> locks = new TreeSet<>();
            AnnotationValue lockValue = annotation.value("locks");
            if (lockValue != null) {
                for (String lock : lockValue.asStringArray()) {
                    if (lock.isBlank()) {
                        problems.add(where + " has a blank lock. Fix: name each lock, e.g. locks = \"stage\".");
                    }
                    locks.add(lock);
                }
            }
            AnnotationValue limitValue = annotation.value("maxConcurrency");
            int limit = limitValue == null ? 0 : limitValue.asInt();
            if (limit < 0) {
                problems.add(where + " has maxConcurrency " + limit + ". Fix: give at least 1, or 0 for no limit.");
            }
            AnnotationValue reportValue = annotation.value("reportWaiting");
            TreeSet<String> manipulates = new TreeSet<>();
            AnnotationValue manipulatesValue = annotation.value("manipulates");
            if (manipulatesValue != null) {
                for (Type type : manipulatesValue.asClassArray()) {
                    String iface = stateInterfaces.get(type.name());
                    if (iface == null) {
                        problems.add(where + " manipulates " + type.name() + ", which is not a @State record. Fix:"
                                + " annotate it with @State, or list only @State records.");
                    } else {
                        manipulates.add(iface);
                    }
                }
            }
            NodeRequirements needs = new NodeRequirements(new ArrayList<>(locks), Math.max(0, limit),
                    reportValue != null && reportValue.asBoolean(), new ArrayList<>(manipulates));
            if (needs.gated() || needs.stateful() || needs.reportWaiting()) {
                byInterface.put(node.metadata().interfaceName(), needs);
            }
        }
        if (!problems.isEmpty()) {
            errors.produce(new ValidationErrorBuildItem(problems.stream().map(p -> (Throwable) new DeploymentException(p))
                    .toList()));
            return;
        }
        beans.produce(SyntheticBeanBuildItem.configure(Requirements.class)
                .scope(Singleton.class)
                .unremovable()
                .createWith(recorder.requirements(byInterface))
                .done());
    }

    /** The {@code @Node} of the interface method a contract implementation serves. */
    private static AnnotationInstance contractAnnotation(IndexView index, NodeMethodBuildItem node) {
        for (DotName iface : node.method().declaringClass().interfaceNames()) {
            ClassInfo clazz = index.getClassByName(iface);
            if (clazz == null) {
                continue;
            }
            var method = clazz.method(node.method().name(), node.method().parameterTypes().toArray(new Type[0]));
            if (method != null && method.hasDeclaredAnnotation(DotNames.NODE)) {
                return method.declaredAnnotation(DotNames.NODE);
            }
        }
        return null;
    }

    private static String string(AnnotationInstance annotation, String member, String defaultValue) {
        AnnotationValue value = annotation.value(member);
        return value == null || value.asString().isEmpty() ? defaultValue : value.asString();
    }
}
