package io.quarkiverse.rekuest.deployment.client;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteAction;
import io.quarkiverse.rekuest.Spread;
import io.quarkiverse.rekuest.deployment.ClientContracts;
import io.quarkiverse.rekuest.deployment.CodecTypeBuildItem;
import io.quarkiverse.rekuest.deployment.ContractAnalyzerBuildItem;
import io.quarkiverse.rekuest.runtime.client.ClientMethod;
import io.quarkiverse.rekuest.runtime.client.Durations;
import io.quarkiverse.rekuest.runtime.client.DynamicRekuest;
import io.quarkiverse.rekuest.runtime.client.RekuestCaller;
import io.quarkiverse.rekuest.runtime.client.Target;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;

/**
 * {@code @RekuestClient}: makes the qualifier a bean annotation, finds the injection points, checks the interfaces and
 * derives each method's definition with the code {@code @Node} uses ({@link ClientContracts}). Produces one
 * {@link ClientInterfaceBuildItem} per valid interface, for {@link ClientProxyProcessor}, and a
 * {@link ClientProblemBuildItem} per problem, for {@link ClientValidationProcessor}.
 */
class ClientProcessor {

    static final DotName REKUEST_CLIENT = DotName.createSimple(RekuestClient.class);
    static final DotName REMOTE_ACTION = DotName.createSimple(RemoteAction.class);
    private static final String PREFIX = "@RekuestClient method ";

    @BuildStep
    AdditionalBeanBuildItem beans() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(RekuestClient.class, RekuestCaller.class)
                .setUnremovable()
                .addBeanClasses(DynamicRekuest.class)
                .build();
    }

    @BuildStep
    void clients(CombinedIndexBuildItem combined, ContractAnalyzerBuildItem analyzer,
            BuildProducer<ClientInterfaceBuildItem> clients, BuildProducer<CodecTypeBuildItem> codecTypes,
            BuildProducer<ClientProblemBuildItem> problems) {
        IndexView index = combined.getComputingIndex();
        Map<DotName, List<String>> injected = new TreeMap<>();
        for (AnnotationInstance annotation : combined.getIndex().getAnnotations(REKUEST_CLIENT)) {
            AnnotationTarget target = annotation.target();
            Type type;
            String where;
            switch (target.kind()) {
                case FIELD -> {
                    type = target.asField().type();
                    where = target.asField().declaringClass().name().withoutPackagePrefix() + "#" + target.asField().name();
                }
                case METHOD_PARAMETER -> {
                    type = target.asMethodParameter().type();
                    where = target.asMethodParameter().method().declaringClass().name().withoutPackagePrefix() + "#"
                            + target.asMethodParameter().method().name() + "(" + target.asMethodParameter().name() + ")";
                }
                default -> {
                    continue;
                }
            }
            if (type.kind() != Type.Kind.CLASS) {
                problems.produce(new ClientProblemBuildItem("@RekuestClient injection point " + where + " has the type "
                        + type + ", which is not an interface. Fix: inject the interface itself (not Instance<...>, "
                        + "a generic or an array type)."));
                continue;
            }
            ClassInfo clazz = index.getClassByName(type.name());
            if (clazz == null || !clazz.isInterface()) {
                problems.produce(new ClientProblemBuildItem("@RekuestClient injection point " + where + " has the type "
                        + simple(type.name()) + ", which is not an interface. Fix: declare the remote "
                        + "actions as the methods of an interface and inject that."));
                continue;
            }
            injected.computeIfAbsent(type.name(), n -> new ArrayList<>()).add(where);
        }
        ClientContracts contracts = analyzer.create();
        for (DotName name : injected.keySet()) {
            ClassInfo iface = index.getClassByName(name);
            List<MethodInfo> methods = new ArrayList<>();
            List<ClientMethod> clientMethods = new ArrayList<>();
            boolean valid = true;
            for (MethodInfo method : abstractMethods(index, iface)) {
                ClientContracts.Contract contract = contracts.analyze(method, PREFIX);
                List<String> found = new ArrayList<>(contract.problems());
                Target target = null;
                String deadline = "";
                int retries = -1;
                Spread spread = Spread.CONFIGURED;
                if (contract.valid()) {
                    AnnotationInstance onType = method.declaringClass().declaredAnnotation(REMOTE_ACTION);
                    AnnotationInstance onMethod = method.declaredAnnotation(REMOTE_ACTION);
                    target = new Target(contract.definition().key(), member(onType, onMethod, "app"),
                            member(onType, onMethod, "version"), member(onType, onMethod, "hash"),
                            member(onType, onMethod, "agent"), member(onType, onMethod, "implementation"));
                    if (!target.implementation().isEmpty() && target.agent().isEmpty()) {
                        found.add(PREFIX + method.declaringClass().name().withoutPackagePrefix() + "#" + method.name()
                                + " names an implementation but no agent. Fix: add @RemoteAction(agent = \"...\").");
                    }
                    deadline = member(onType, onMethod, "deadline");
                    if (!deadline.isEmpty()) {
                        try {
                            Durations.parse(deadline);
                        } catch (RuntimeException e) {
                            found.add(PREFIX + method.declaringClass().name().withoutPackagePrefix() + "#" + method.name()
                                    + " has an invalid deadline: " + e.getMessage());
                        }
                    }
                    AnnotationValue retryValue = onMethod != null && onMethod.value("retries") != null
                            ? onMethod.value("retries")
                            : onType != null ? onType.value("retries") : null;
                    retries = retryValue == null ? -1 : retryValue.asInt();
                    spread = spread(onType, onMethod);
                    if (spread.spreads() && !target.agent().isEmpty()) {
                        found.add(PREFIX + method.declaringClass().name().withoutPackagePrefix() + "#" + method.name()
                                + " spreads its calls (" + spread + ") but names one agent's implementation, which "
                                + "leaves nothing to spread over. Fix: remove @RemoteAction(agent) or the spread.");
                    }
                }
                if (!found.isEmpty()) {
                    found.forEach(problem -> problems.produce(new ClientProblemBuildItem(problem)));
                    valid = false;
                    continue;
                }
                methods.add(method);
                // the codecs bean generates the adapters of the ports' enums, records and structures
                for (int p = 0; p < method.parametersCount(); p++) {
                    if (p != contract.taskParameter()) {
                        codecTypes.produce(new CodecTypeBuildItem(method.parameterType(p)));
                    }
                }
                Type result = method.returnType();
                if (result.kind() == Type.Kind.PARAMETERIZED_TYPE) {
                    result = result.asParameterizedType().arguments().get(0);
                }
                if (result.kind() != Type.Kind.VOID) {
                    codecTypes.produce(new CodecTypeBuildItem(result));
                }
                clientMethods.add(new ClientMethod(
                        method.declaringClass().name().withoutPackagePrefix() + "#" + method.name() + "("
                                + String.join(", ",
                                        method.parameterTypes().stream().map(t -> t.name().withoutPackagePrefix()).toList())
                                + ")",
                        contract.definition(), contract.returnKind(), contract.parameterCount(), contract.taskParameter(),
                        contract.argTypes(), contract.returnType(), target, deadline, retries, spread));
            }
            if (valid) {
                clients.produce(new ClientInterfaceBuildItem(iface, methods, clientMethods));
            }
        }
    }

    /** A member of {@code @RemoteAction}: the method's value, else the interface's, else empty. */
    private static String member(AnnotationInstance onType, AnnotationInstance onMethod, String name) {
        if (onMethod != null && onMethod.value(name) != null && !onMethod.value(name).asString().isEmpty()) {
            return onMethod.value(name).asString();
        }
        if (onType != null && onType.value(name) != null) {
            return onType.value(name).asString();
        }
        return "";
    }

    /** {@code @RemoteAction(spread)}: the method's value unless CONFIGURED, else the interface's, else CONFIGURED. */
    private static Spread spread(AnnotationInstance onType, AnnotationInstance onMethod) {
        if (onMethod != null && onMethod.value("spread") != null) {
            Spread spread = Spread.valueOf(onMethod.value("spread").asEnum());
            if (spread != Spread.CONFIGURED) {
                return spread;
            }
        }
        if (onType != null && onType.value("spread") != null) {
            return Spread.valueOf(onType.value("spread").asEnum());
        }
        return Spread.CONFIGURED;
    }

    /** The abstract methods of an interface and its superinterfaces (not those of Object), in a stable order. */
    static List<MethodInfo> abstractMethods(IndexView index, ClassInfo iface) {
        List<MethodInfo> methods = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        collect(index, iface, methods, seen);
        return methods;
    }

    private static void collect(IndexView index, ClassInfo iface, List<MethodInfo> methods, Set<String> seen) {
        List<MethodInfo> own = new ArrayList<>(iface.methods());
        own.sort((a, b) -> (a.name() + a.descriptor()).compareTo(b.name() + b.descriptor()));
        for (MethodInfo method : own) {
            if (!method.isAbstract() || Modifier.isStatic(method.flags()) || isObjectMethod(method)) {
                continue;
            }
            String key = method.name() + method.parameterTypes();
            if (seen.add(key)) {
                methods.add(method);
            }
        }
        for (DotName parent : iface.interfaceNames()) {
            ClassInfo parentInfo = index.getClassByName(parent);
            if (parentInfo != null) {
                collect(index, parentInfo, methods, seen);
            }
        }
    }

    private static boolean isObjectMethod(MethodInfo method) {
        return switch (method.name()) {
            case "toString", "hashCode" -> method.parametersCount() == 0;
            case "equals" -> method.parametersCount() == 1;
            default -> false;
        };
    }

    /** {@code Outer.Inner}, as the source spells it. */
    static String simple(DotName name) {
        return name.withoutPackagePrefix().replace('$', '.');
    }
}
