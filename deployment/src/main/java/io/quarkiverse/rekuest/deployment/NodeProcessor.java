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
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.ClassType;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.NodeRecorder;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
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

    /**
     * Concrete classes implementing an interface whose abstract methods carry {@code @Node} (a contract shared with
     * callers) serve those nodes: they become {@code @Singleton} beans unless they have a scope.
     */
    @BuildStep
    AutoAddScopeBuildItem autoAddScopeToContractImplementations(CombinedIndexBuildItem index) {
        Set<DotName> implementations = contractImplementations(index.getIndex());
        return AutoAddScopeBuildItem.builder()
                .match((clazz, annotations, view) -> implementations.contains(clazz.name()))
                .defaultScope(BuiltinScope.SINGLETON)
                .unremovable()
                .reason("Implements an interface with @Node methods")
                .build();
    }

    /** Node beans are only reached through invokers, so ArC must keep them even when they have a scope already. */
    @BuildStep
    UnremovableBeanBuildItem keepNodeBeans(CombinedIndexBuildItem index) {
        Set<String> classes = new TreeSet<>();
        for (MethodInfo method : nodeMethods(index.getIndex())) {
            classes.add(method.declaringClass().name().toString());
        }
        for (DotName implementation : contractImplementations(index.getIndex())) {
            classes.add(implementation.toString());
        }
        return UnremovableBeanBuildItem.beanClassNames(classes);
    }

    /** Whether {@code method} is a {@code @Node} contract method: abstract, in an interface. */
    static boolean isContract(MethodInfo method) {
        return method.isAbstract() && method.declaringClass().isInterface();
    }

    /** The concrete classes implementing an interface that has {@code @Node} contract methods. */
    static Set<DotName> contractImplementations(IndexView index) {
        Set<DotName> classes = new java.util.HashSet<>();
        for (MethodInfo method : nodeMethods(index)) {
            if (isContract(method)) {
                for (ClassInfo implementation : index.getAllKnownImplementations(method.declaringClass().name())) {
                    if (!implementation.isInterface() && !Modifier.isAbstract(implementation.flags())) {
                        classes.add(implementation.name());
                    }
                }
            }
        }
        return classes;
    }

    /** The method of {@code clazz} or its superclasses that implements {@code method}, or {@code null}. */
    private static MethodInfo implementing(IndexView index, ClassInfo clazz, MethodInfo method) {
        ClassInfo current = clazz;
        while (current != null) {
            MethodInfo found = current.method(method.name(), method.parameterTypes().toArray(new Type[0]));
            if (found != null && !found.isAbstract() && !Modifier.isStatic(found.flags())) {
                return found;
            }
            current = current.superName() == null ? null : index.getClassByName(current.superName());
        }
        return null;
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
            boolean contract = isContract(method);
            NodeMethodAnalyzer.Analysis analysis = contract ? analyzer.analyzeContract(method, "@Node method ")
                    : analyzer.analyze(method);
            problems.addAll(analysis.problems());
            if (!analysis.valid()) {
                continue;
            }
            NodeMetadata metadata = analysis.metadata();
            MethodInfo target = method;
            Optional<BeanInfo> implementingBean = Optional.empty();
            if (contract) {
                // served by the one bean implementing the interface, if any; otherwise only a contract for callers
                List<BeanInfo> beans = new ArrayList<>();
                MethodInfo implementation = null;
                for (ClassInfo clazz : index.getIndex().getAllKnownImplementations(method.declaringClass().name())) {
                    MethodInfo candidate = implementing(index.getComputingIndex(), clazz, method);
                    if (candidate == null || candidate.hasDeclaredAnnotation(DotNames.NODE)) {
                        continue; // abstract, or the implementation declares its own @Node
                    }
                    Optional<BeanInfo> bean = beanDiscovery.beanStream().classBeans().withBeanClass(clazz.name())
                            .firstResult();
                    if (bean.isPresent()) {
                        beans.add(bean.get());
                        implementation = candidate;
                    }
                }
                if (beans.isEmpty()) {
                    continue;
                }
                if (beans.size() > 1) {
                    List<String> names = new ArrayList<>();
                    beans.forEach(b -> names.add(JavaNames.simple(b.getImplClazz())));
                    problems.add("@Node method " + metadata.signature() + " is implemented by several beans " + names
                            + ", so the agent cannot tell which one serves it. Fix: annotate the implementing method of "
                            + "one of them with @Node(key = \"...\") and give the others other keys, or veto all but one.");
                    continue;
                }
                target = implementation;
                implementingBean = Optional.of(beans.get(0));
            }
            NodeMethodAnalyzer.Analysis sameKey = byKey.putIfAbsent(metadata.interfaceName(), analysis);
            if (sameKey != null) {
                problems.add("@Node methods " + sameKey.metadata().signature() + " and " + metadata.signature()
                        + " have the same key \"" + metadata.interfaceName()
                        + "\". Fix: give one of them another key with @Node(key = \"...\").");
                continue;
            }
            Optional<BeanInfo> bean = contract ? implementingBean
                    : beanDiscovery.beanStream().classBeans().withBeanClass(method.declaringClass().name()).firstResult();
            if (bean.isEmpty()) {
                problems.add("@Node method " + metadata.signature() + " is declared in "
                        + JavaNames.simple(method.declaringClass()) + ", which is not a bean. Fix: declare it in a "
                        + "top-level or static nested class that is not @Vetoed and has a no-args or @Inject constructor.");
                continue;
            }
            InvokerInfo invoker = invokerFactory.createInvoker(bean.get(), target).withInstanceLookup().build();
            found.add(new NodeMethodBuildItem(bean.get(), target, metadata, invoker));
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
                .addInjectionPoint(ClassType.create(DotName.createSimple(NodeCodecs.class)))
                .createWith(recorder.registry(metadata, invokers))
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
