package io.quarkiverse.rekuest.deployment;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.invoke.Invoker;
import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.NodeRecorder;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkus.arc.deployment.AutoAddScopeBuildItem;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.deployment.InvokerFactoryBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.arc.processor.BeanInfo;
import io.quarkus.arc.processor.BuiltinScope;
import io.quarkus.arc.processor.InvokerInfo;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.execannotations.ExecutionModelAnnotationsAllowedBuildItem;
import io.quarkus.deployment.recording.RecorderContext;
import io.quarkus.runtime.RuntimeValue;

/** Finds the {@code @Node} methods, checks them, derives their definitions and hands them to the runtime. */
class NodeProcessor {

    /** Classes declaring a non-static {@code @Node} method become {@code @Singleton} beans unless they have a scope. */
    @BuildStep
    AutoAddScopeBuildItem autoAddScope() {
        return AutoAddScopeBuildItem.builder()
                .anyMethodMatches(method -> method.hasDeclaredAnnotation(DotNames.NODE)
                        && !Modifier.isStatic(method.flags()))
                .defaultScope(BuiltinScope.SINGLETON)
                .unremovable()
                .reason("Found @Node methods")
                .build();
    }

    /** Node beans are only reached through invokers, so ArC must keep them even when they have a scope already. */
    @BuildStep
    UnremovableBeanBuildItem keepNodeBeans(CombinedIndexBuildItem index) {
        Set<String> classes = new TreeSet<>();
        for (MethodInfo method : nodeMethods(index.getIndex())) {
            classes.add(method.declaringClass().name().toString());
        }
        return UnremovableBeanBuildItem.beanClassNames(classes);
    }

    /** {@code @Blocking}, {@code @NonBlocking} and {@code @RunOnVirtualThread} are meaningful on nodes. */
    @BuildStep
    ExecutionModelAnnotationsAllowedBuildItem allowExecutionModelAnnotations() {
        return new ExecutionModelAnnotationsAllowedBuildItem(method -> method.hasDeclaredAnnotation(DotNames.NODE));
    }

    @BuildStep
    void collectNodes(CombinedIndexBuildItem index, BeanDiscoveryFinishedBuildItem beanDiscovery,
            InvokerFactoryBuildItem invokerFactory, JavadocBuildItem javadoc, BuildProducer<NodeMethodBuildItem> nodes,
            BuildProducer<ValidationErrorBuildItem> errors) {
        NodeMethodAnalyzer analyzer = new NodeMethodAnalyzer(
                new PortTypes(index.getComputingIndex(), javadoc.index()), javadoc.index());
        List<String> problems = new ArrayList<>();
        Map<String, NodeMethodAnalyzer.Analysis> byKey = new LinkedHashMap<>();
        List<NodeMethodBuildItem> found = new ArrayList<>();
        for (MethodInfo method : nodeMethods(index.getIndex())) {
            NodeMethodAnalyzer.Analysis analysis = analyzer.analyze(method);
            problems.addAll(analysis.problems());
            if (!analysis.valid()) {
                continue;
            }
            NodeMetadata metadata = analysis.metadata();
            NodeMethodAnalyzer.Analysis sameKey = byKey.putIfAbsent(metadata.interfaceName(), analysis);
            if (sameKey != null) {
                problems.add("@Node methods " + sameKey.metadata().signature() + " and " + metadata.signature()
                        + " have the same key \"" + metadata.interfaceName()
                        + "\". Fix: give one of them another key with @Node(key = \"...\").");
                continue;
            }
            Optional<BeanInfo> bean = beanDiscovery.beanStream().classBeans()
                    .withBeanClass(method.declaringClass().name()).firstResult();
            if (bean.isEmpty()) {
                problems.add("@Node method " + metadata.signature() + " is declared in "
                        + JavaNames.simple(method.declaringClass()) + ", which is not a bean. Fix: declare it in a "
                        + "top-level or static nested class that is not @Vetoed and has a no-args or @Inject constructor.");
                continue;
            }
            InvokerInfo invoker = invokerFactory.createInvoker(bean.get(), method).withInstanceLookup().build();
            found.add(new NodeMethodBuildItem(bean.get(), method, metadata, invoker));
        }
        if (!problems.isEmpty()) {
            List<Throwable> exceptions = new ArrayList<>();
            for (String problem : problems) {
                exceptions.add(new DeploymentException(problem));
            }
            errors.produce(new ValidationErrorBuildItem(exceptions));
            return;
        }
        nodes.produce(found);
    }

    /** Exposes the nodes as the {@link NodeRegistry} bean. */
    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    SyntheticBeanBuildItem registry(List<NodeMethodBuildItem> nodes, NodeRecorder recorder, RecorderContext context) {
        List<NodeMethodBuildItem> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(node -> node.metadata().interfaceName()));
        List<NodeMetadata> metadata = new ArrayList<>();
        Map<String, RuntimeValue<Invoker<Object, Object>>> invokers = new TreeMap<>();
        for (NodeMethodBuildItem node : sorted) {
            metadata.add(node.metadata());
            invokers.put(node.metadata().interfaceName(), context.newInstance(node.invoker().getClassName()));
        }
        return SyntheticBeanBuildItem.configure(NodeRegistry.class)
                .scope(Singleton.class)
                .unremovable()
                .supplier(recorder.registry(metadata, invokers))
                .done();
    }

    /** Every method annotated {@code @Node}, in a stable order (class name, then method name and descriptor). */
    static List<MethodInfo> nodeMethods(IndexView index) {
        List<MethodInfo> methods = new ArrayList<>();
        for (AnnotationInstance annotation : index.getAnnotations(DotNames.NODE)) {
            if (annotation.target().kind() == AnnotationTarget.Kind.METHOD) {
                methods.add(annotation.target().asMethod());
            }
        }
        methods.sort(Comparator.<MethodInfo, String> comparing(method -> method.declaringClass().name().toString())
                .thenComparing(MethodInfo::name)
                .thenComparing(method -> method.descriptor()));
        return methods;
    }
}
