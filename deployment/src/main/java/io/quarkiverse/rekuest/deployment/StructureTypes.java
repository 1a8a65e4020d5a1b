package io.quarkiverse.rekuest.deployment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

/**
 * What the build knows about structures, memory structures, unions and returns tuples, shared by {@link PortTypes}
 * (the wire side) and {@link AgentJavaTypes} (the Java side) so both decide alike.
 */
final class StructureTypes {

    /** How a structure shrinks and expands. */
    record StructureInfo(ClassInfo type, String identifier, ClassInfo handler, MethodInfo shrink, MethodInfo expand) {
    }

    private final IndexView index;
    /** Structure types served by a {@code StructureHandler} bean: type → handler class. */
    private final Map<DotName, ClassInfo> handlers = new HashMap<>();

    StructureTypes(IndexView index) {
        this.index = index;
        for (ClassInfo implementor : index.getAllKnownImplementations(DotNames.STRUCTURE_HANDLER)) {
            if (implementor.isInterface() || java.lang.reflect.Modifier.isAbstract(implementor.flags())) {
                continue;
            }
            for (Type iface : implementor.interfaceTypes()) {
                if (iface.name().equals(DotNames.STRUCTURE_HANDLER) && iface.kind() == Type.Kind.PARAMETERIZED_TYPE) {
                    handlers.put(iface.asParameterizedType().arguments().get(0).name(), implementor);
                }
            }
        }
    }

    /** The handler beans, to keep them. */
    List<ClassInfo> handlers() {
        return new ArrayList<>(handlers.values());
    }

    boolean isStructure(ClassInfo clazz) {
        return clazz.hasDeclaredAnnotation(DotNames.STRUCTURE) || handlers.containsKey(clazz.name());
    }

    boolean isMemoryStructure(ClassInfo clazz) {
        return clazz.hasDeclaredAnnotation(DotNames.MEMORY_STRUCTURE);
    }

    boolean isUnion(ClassInfo clazz) {
        return clazz.isInterface() && clazz.isSealed();
    }

    boolean isReturnsTuple(ClassInfo clazz) {
        return clazz.isRecord() && clazz.hasDeclaredAnnotation(DotNames.RETURNS);
    }

    /** The permitted types of a sealed interface, in one fixed order (by name) for both sides. */
    List<DotName> variants(ClassInfo sealed) {
        List<DotName> names = new ArrayList<>(sealed.permittedSubclasses());
        names.sort((a, b) -> a.toString().compareTo(b.toString()));
        return names;
    }

    ClassInfo classInfo(DotName name) {
        return index.getClassByName(name);
    }

    /** The identifier of a structure or memory structure. */
    String identifier(ClassInfo clazz) {
        ClassInfo handler = handlers.get(clazz.name());
        AnnotationInstance annotation = clazz.declaredAnnotation(DotNames.STRUCTURE);
        if (annotation == null) {
            annotation = clazz.declaredAnnotation(DotNames.MEMORY_STRUCTURE);
        }
        if ((annotation == null || annotation.value() == null || annotation.value().asString().isEmpty())
                && handler != null) {
            annotation = handler.declaredAnnotation(DotNames.STRUCTURE);
        }
        if (annotation != null && annotation.value() != null && !annotation.value().asString().isEmpty()) {
            return annotation.value().asString();
        }
        return PortTypes.identifier(clazz.name());
    }

    /**
     * How a structure type shrinks and expands.
     *
     * @throws IllegalArgumentException with the fix, when the type neither has a handler bean nor declares both
     *         methods
     */
    StructureInfo structure(ClassInfo clazz) {
        ClassInfo handler = handlers.get(clazz.name());
        String identifier = identifier(clazz);
        if (handler != null) {
            return new StructureInfo(clazz, identifier, handler, null, null);
        }
        MethodInfo shrink = null;
        MethodInfo expand = null;
        for (MethodInfo method : clazz.methods()) {
            if (!java.lang.reflect.Modifier.isPublic(method.flags())) {
                continue;
            }
            if (method.name().equals("shrink") && method.parametersCount() == 0 && !method.isStaticInitializer()
                    && !java.lang.reflect.Modifier.isStatic(method.flags()) && async(method.returnType(), DotNames.STRING)) {
                shrink = method;
            }
            if (method.name().equals("expand") && method.parametersCount() == 1
                    && method.parameterType(0).name().equals(DotNames.STRING)
                    && java.lang.reflect.Modifier.isStatic(method.flags()) && async(method.returnType(), clazz.name())) {
                expand = method;
            }
        }
        List<String> missing = new ArrayList<>();
        if (shrink == null) {
            missing.add("public String shrink() (or Uni<String>, CompletionStage<String>)");
        }
        if (expand == null) {
            missing.add("public static " + JavaNames.simple(clazz) + " expand(String id) (or Uni<"
                    + JavaNames.simple(clazz) + ">, CompletionStage<" + JavaNames.simple(clazz) + ">)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the structure " + identifier + " has no way to shrink and expand. Fix: declare "
                    + String.join(" and ", missing) + " in " + JavaNames.simple(clazz)
                    + ", or implement StructureHandler<" + JavaNames.simple(clazz) + "> in a bean.");
        }
        return new StructureInfo(clazz, identifier, null, shrink, expand);
    }

    /** {@code T}, {@code Uni<T>} or {@code CompletionStage<T>} (or {@code CompletableFuture<T>}). */
    private static boolean async(Type type, DotName value) {
        if (type.kind() == Type.Kind.CLASS) {
            return type.name().equals(value);
        }
        if (type.kind() == Type.Kind.PARAMETERIZED_TYPE) {
            DotName name = type.name();
            return (name.equals(DotNames.UNI) || name.equals(DotNames.COMPLETION_STAGE)
                    || name.equals(DotNames.COMPLETABLE_FUTURE))
                    && type.asParameterizedType().arguments().get(0).name().equals(value);
        }
        return false;
    }
}
