package io.quarkiverse.rekuest.deployment;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.MethodParameterInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.rekuest.Effect;
import io.quarkiverse.rekuest.runtime.ExecutionModel;
import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.ReturnKind;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.ActionKind;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;

/**
 * Reads one {@code @Node} method: checks it and derives its {@link NodeMetadata}. Every problem is collected,
 * each message naming the method as {@code @Node method Class#method(ParamTypes)} and saying how to fix it.
 */
final class NodeMethodAnalyzer {

    /** The outcome for one method: its metadata when it has no problem. */
    record Analysis(MethodInfo method, NodeMetadata metadata, List<String> problems) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    private final PortTypes portTypes;
    /** Descriptions from Javadoc, for what the annotations leave out. */
    private final JavadocIndex javadoc;

    NodeMethodAnalyzer(PortTypes portTypes) {
        this(portTypes, JavadocIndex.EMPTY);
    }

    NodeMethodAnalyzer(PortTypes portTypes, JavadocIndex javadoc) {
        this.portTypes = portTypes;
        this.javadoc = javadoc;
    }

    Analysis analyze(MethodInfo method) {
        return analyze(method, false, "@Node method ");
    }

    /**
     * Reads an abstract method of an interface that is a contract: implemented by a {@code @Node} bean (here or in
     * another application) or called through a {@code @RekuestClient} proxy. The definition is derived exactly as for a
     * {@code @Node} method; the {@code @Node} annotation is optional.
     *
     * @param prefix how messages name the method, e.g. {@code "@RekuestClient method "}
     */
    Analysis analyzeContract(MethodInfo method, String prefix) {
        return analyze(method, true, prefix);
    }

    private Analysis analyze(MethodInfo method, boolean contract, String prefix) {
        String signature = JavaNames.signature(method);
        List<String> problems = new ArrayList<>();
        if (contract) {
            checkContract(method, problems);
        } else {
            checkDeclaration(method, problems);
        }

        AnnotationInstance node = method.declaredAnnotation(DotNames.NODE);
        String key = string(node, "key", JavaNames.snakeCase(method.name()));
        String version = string(node, "version", "1");
        Effect effect = Effect.valueOf(string(node, "effect", Effect.NONE.name()));
        boolean pure = bool(node, "pure");
        if (key.isBlank()) {
            problems.add("has a blank key. Fix: remove key, or give a non-blank one.");
        }
        if (version.isBlank()) {
            problems.add("has a blank version. Fix: remove version, or give a non-blank one such as \"1\".");
        }
        if (pure && effect == Effect.PHYSICAL) {
            problems.add("is pure but has effect PHYSICAL, which the rekuest server rejects. "
                    + "Fix: remove pure = true or effect = Effect.PHYSICAL.");
        }

        ExecutionModel executionModel = executionModel(method, problems);
        JavadocIndex.MethodDoc doc = javadoc.method(method);

        List<PortDefinition> args = new ArrayList<>();
        List<PortTypes.Dependency> dependencies = new ArrayList<>();
        int taskParameter = -1;
        boolean namesMissing = false;
        for (MethodParameterInfo parameter : method.parameters()) {
            Type type = parameter.type();
            if (type.kind() == Type.Kind.CLASS && type.name().equals(DotNames.TASK)) {
                if (taskParameter >= 0) {
                    problems.add("takes more than one Task parameter. Fix: keep one.");
                }
                taskParameter = parameter.position();
                continue;
            }
            String name = parameter.name();
            if (name == null) {
                namesMissing = true;
                name = "arg" + parameter.position();
            }
            String location = JavaNames.simple(method.declaringClass()) + "#" + method.name() + "(" + name + ": "
                    + JavaNames.simple(type) + ")";
            PortTypes.Annotations annotations = PortTypes.Annotations.of(parameter.declaredAnnotation(DotNames.PORT),
                    parameter.declaredAnnotations(), type).describedBy(doc.param(name));
            PortTypes.MappedPort port = port(name, type, annotations, location, problems);
            if (port != null) {
                args.add(port.port());
                dependencies.addAll(port.dependencies());
            }
        }
        checkDependencies(args, dependencies, problems);
        if (namesMissing) {
            problems.add("was compiled without parameter names, which are its port keys. "
                    + "Fix: compile with -parameters (in Maven: <maven.compiler.parameters>true</maven.compiler.parameters>).");
        }

        Type returnType = method.returnType();
        ReturnKind returnKind = returnKind(returnType);
        Type value = returnKind == ReturnKind.VOID || returnKind == ReturnKind.VALUE ? returnType : unwrap(returnType);
        List<PortDefinition> returns = new ArrayList<>();
        if (value == null) {
            problems.add("returns the raw type " + JavaNames.simple(returnType) + ". Fix: give its type argument, e.g. "
                    + JavaNames.simple(returnType) + "<String>.");
        } else if (value.kind() != Type.Kind.VOID && !value.name().equals(DotNames.VOID)) {
            String location = JavaNames.simple(method.declaringClass()) + "#" + method.name() + " returns "
                    + JavaNames.simple(returnType);
            // what the widgets, validators and effects of return ports depend on is not checked
            if (portTypes.isReturnsTuple(value)) {
                returnTuple(value, location, problems).forEach(port -> returns.add(port.port()));
            } else {
                PortTypes.Annotations annotations = PortTypes.Annotations.of(null, method.declaredAnnotations(), value)
                        .describedBy(doc.returns());
                PortTypes.MappedPort port = port(ActionDefinition.returnKey(0), value, annotations, location, problems);
                if (port != null) {
                    returns.add(port.port());
                }
            }
        }
        List<String> portGroups = ActionMetadata.portGroups(method, args, problems);
        List<String> isTestFor = ActionMetadata.isTestFor(method, problems);

        List<String> messages = new ArrayList<>(problems.size());
        for (String problem : problems) {
            messages.add(prefix + signature + " " + problem);
        }
        if (!messages.isEmpty()) {
            return new Analysis(method, null, messages);
        }
        ActionDefinition definition = new ActionDefinition(
                key,
                version,
                string(node, "name", JavaNames.titleCase(method.name())),
                string(node, "description", doc.description()),
                returnKind == ReturnKind.MULTI ? ActionKind.GENERATOR : ActionKind.FUNCTION,
                strings(node, "collections"),
                pure,
                pure || bool(node, "idempotent"),
                args,
                returns,
                portGroups,
                isTestFor);
        NodeMetadata metadata = new NodeMetadata(signature, key, effect, definition, executionModel, returnKind,
                method.parametersCount(), taskParameter);
        return new Analysis(method, metadata, List.of());
    }

    private PortTypes.MappedPort port(String key, Type type, PortTypes.Annotations annotations, String location,
            List<String> problems) {
        try {
            return portTypes.port(key, type, annotations, location);
        } catch (UnsupportedPortTypeException e) {
            problems.add("has the unsupported type " + JavaNames.simple(e.type) + " at " + e.location + ": " + e.reason);
        } catch (InvalidDefaultException e) {
            problems.add("has an invalid default " + e.json + " for port " + e.portPath + ": " + e.reason + ". Fix: "
                    + e.fix);
        } catch (InvalidPortMetadataException e) {
            problems.add(e.getMessage());
        }
        return null;
    }

    private static void checkContract(MethodInfo method, List<String> problems) {
        if (Modifier.isStatic(method.flags()) || !method.isAbstract() || !method.declaringClass().isInterface()) {
            problems.add("is not an abstract method of an interface. Fix: declare it in an interface, without a body.");
        }
    }

    private List<PortTypes.MappedPort> returnTuple(Type type, String location, List<String> problems) {
        try {
            return portTypes.returnTuple(type, location);
        } catch (UnsupportedPortTypeException e) {
            problems.add("has the unsupported type " + JavaNames.simple(e.type) + " at " + e.location + ": " + e.reason);
        } catch (InvalidDefaultException e) {
            problems.add("has an invalid default " + e.json + " for port " + e.portPath + ": " + e.reason + ". Fix: "
                    + e.fix);
        } catch (InvalidPortMetadataException e) {
            problems.add(e.getMessage());
        }
        return List.of();
    }

    /** Every widget, validator and effect dependency names an arg port ({@code a..b} reaches into {@code a}). */
    private static void checkDependencies(List<PortDefinition> args, List<PortTypes.Dependency> dependencies,
            List<String> problems) {
        List<String> keys = new ArrayList<>();
        args.forEach(arg -> keys.add(arg.key()));
        for (PortTypes.Dependency dependency : dependencies) {
            String head = dependency.dependency().split("\\.\\.", 2)[0];
            if (!keys.contains(head)) {
                problems.add("has a port " + dependency.port() + " that depends on \"" + dependency.dependency()
                        + "\", which is not a port of the node. Fix: name one of " + keys + ".");
            }
        }
    }

    private static void checkDeclaration(MethodInfo method, List<String> problems) {
        ClassInfo clazz = method.declaringClass();
        if (Modifier.isPrivate(method.flags())) {
            problems.add("must not be private: nodes are called from outside the class. "
                    + "Fix: make it public or package-private.");
        }
        if (Modifier.isStatic(method.flags())) {
            problems.add("must not be static: nodes are called on a bean. Fix: remove static.");
        }
        if (method.isAbstract()) {
            problems.add("must not be abstract: there is nothing to call. "
                    + "Fix: put @Node on the implementing method of a concrete class.");
        } else if (clazz.isInterface() || Modifier.isAbstract(clazz.flags())) {
            problems.add("is declared in the abstract type " + JavaNames.simple(clazz) + ", which cannot be a bean. "
                    + "Fix: declare it in a concrete class.");
        }
    }

    /** The rule of WebSockets Next: {@code @RunOnVirtualThread} > {@code @Blocking}/{@code @NonBlocking} > signature. */
    private static ExecutionModel executionModel(MethodInfo method, List<String> problems) {
        List<String> declared = new ArrayList<>();
        for (DotName annotation : List.of(DotNames.RUN_ON_VIRTUAL_THREAD, DotNames.BLOCKING, DotNames.NON_BLOCKING)) {
            if (method.hasDeclaredAnnotation(annotation)) {
                declared.add("@" + annotation.withoutPackagePrefix());
            }
        }
        if (declared.size() > 1) {
            problems.add("has conflicting execution model annotations " + String.join(", ", declared)
                    + ". Fix: keep one of them.");
        }
        if (method.hasDeclaredAnnotation(DotNames.RUN_ON_VIRTUAL_THREAD)
                || method.declaringClass().hasDeclaredAnnotation(DotNames.RUN_ON_VIRTUAL_THREAD)) {
            return ExecutionModel.VIRTUAL_THREAD;
        }
        if (method.hasDeclaredAnnotation(DotNames.BLOCKING)) {
            return ExecutionModel.WORKER_THREAD;
        }
        if (method.hasDeclaredAnnotation(DotNames.NON_BLOCKING)) {
            return ExecutionModel.EVENT_LOOP;
        }
        return switch (returnKind(method.returnType())) {
            case UNI, MULTI, COMPLETION_STAGE -> ExecutionModel.EVENT_LOOP;
            case VOID, VALUE -> ExecutionModel.WORKER_THREAD;
        };
    }

    private static ReturnKind returnKind(Type type) {
        if (type.kind() == Type.Kind.VOID) {
            return ReturnKind.VOID;
        }
        DotName name = type.name();
        if (name.equals(DotNames.UNI)) {
            return ReturnKind.UNI;
        }
        if (name.equals(DotNames.MULTI)) {
            return ReturnKind.MULTI;
        }
        if (name.equals(DotNames.COMPLETION_STAGE) || name.equals(DotNames.COMPLETABLE_FUTURE)) {
            return ReturnKind.COMPLETION_STAGE;
        }
        return ReturnKind.VALUE;
    }

    /** The item type of {@code Uni<T>}, {@code Multi<T>} or {@code CompletionStage<T>}, or null when raw. */
    private static Type unwrap(Type type) {
        return type.kind() == Type.Kind.PARAMETERIZED_TYPE ? type.asParameterizedType().arguments().get(0) : null;
    }

    private static String string(AnnotationInstance annotation, String member, String defaultValue) {
        AnnotationValue value = annotation == null ? null : annotation.value(member);
        if (value == null) {
            return defaultValue;
        }
        String string = value.kind() == AnnotationValue.Kind.ENUM ? value.asEnum() : value.asString();
        return string.isEmpty() ? defaultValue : string;
    }

    private static boolean bool(AnnotationInstance annotation, String member) {
        AnnotationValue value = annotation == null ? null : annotation.value(member);
        return value != null && value.asBoolean();
    }

    private static List<String> strings(AnnotationInstance annotation, String member) {
        AnnotationValue value = annotation == null ? null : annotation.value(member);
        return value == null ? new ArrayList<>() : new ArrayList<>(List.of(value.asStringArray()));
    }
}
