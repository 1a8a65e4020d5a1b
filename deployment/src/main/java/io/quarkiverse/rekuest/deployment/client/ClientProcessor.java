package io.quarkiverse.rekuest.deployment.client;

import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DeploymentException;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.ClassType;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;
import org.jboss.jandex.gizmo2.Jandex2Gizmo;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteAction;
import io.quarkiverse.rekuest.deployment.ClientContracts;
import io.quarkiverse.rekuest.deployment.CodecTypeBuildItem;
import io.quarkiverse.rekuest.runtime.client.AbstractClientProxy;
import io.quarkiverse.rekuest.runtime.client.ClientMethod;
import io.quarkiverse.rekuest.runtime.client.ClientRecorder;
import io.quarkiverse.rekuest.runtime.client.DynamicRekuest;
import io.quarkiverse.rekuest.runtime.client.Durations;
import io.quarkiverse.rekuest.runtime.client.RekuestCaller;
import io.quarkiverse.rekuest.runtime.client.Target;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.processor.InjectionPointInfo;
import io.quarkus.deployment.GeneratedClassGizmo2Adaptor;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.GeneratedClassBuildItem;
import io.quarkus.deployment.builditem.GeneratedResourceBuildItem;
import io.quarkus.deployment.recording.RecorderContext;
import io.quarkus.gizmo2.Const;
import io.quarkus.gizmo2.Expr;
import io.quarkus.gizmo2.Gizmo;
import io.quarkus.gizmo2.ParamVar;
import io.quarkus.gizmo2.desc.ConstructorDesc;
import io.quarkus.gizmo2.desc.MethodDesc;
import io.quarkus.runtime.RuntimeValue;

/**
 * {@code @RekuestClient}: finds the injection points, checks the interfaces, derives each method's definition with the
 * code {@code @Node} uses, generates one proxy class per interface (Gizmo 2, no dynamic proxy) and registers it as an
 * {@code @ApplicationScoped} synthetic bean.
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
    void clients(CombinedIndexBuildItem combined, ClientContracts.AnalyzerBuildItem analyzer,
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
                                + String.join(", ", method.parameterTypes().stream().map(t -> t.name().withoutPackagePrefix()).toList())
                                + ")",
                        contract.definition(), contract.returnKind(), contract.parameterCount(), contract.taskParameter(),
                        contract.argTypes(), contract.returnType(), target, deadline, retries));
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

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    void proxies(List<ClientInterfaceBuildItem> clients, ClientRecorder recorder, RecorderContext context,
            BuildProducer<GeneratedClassBuildItem> generatedClasses,
            BuildProducer<GeneratedResourceBuildItem> generatedResources,
            BuildProducer<SyntheticBeanBuildItem> beans) {
        if (clients.isEmpty()) {
            return;
        }
        Gizmo gizmo = Gizmo.create(new GeneratedClassGizmo2Adaptor(generatedClasses, generatedResources, true));
        for (ClientInterfaceBuildItem client : clients) {
            generateProxy(gizmo, client);
            @SuppressWarnings("unchecked")
            RuntimeValue<Object> proxy = (RuntimeValue<Object>) context.newInstance(client.proxyClassName());
            beans.produce(SyntheticBeanBuildItem.configure(client.iface().name())
                    .types(ClassType.create(client.iface().name()))
                    .qualifiers(AnnotationInstance.builder(REKUEST_CLIENT).build())
                    .scope(ApplicationScoped.class)
                    .unremovable()
                    .addInjectionPoint(ClassType.create(DotName.createSimple(RekuestCaller.class)))
                    .addInjectionPoint(ClassType.create(DotName.createSimple(NodeCodecs.class)))
                    .addInjectionPoint(ClassType.create(DotName.createSimple(RekuestConfig.class)))
                    .createWith(recorder.proxy(client.iface().name().toString(), proxy, client.clientMethods()))
                    .done());
        }
    }

    /**
     * {@code public class Api_RekuestClient extends AbstractClientProxy implements Api}, every method
     * {@code return (R) invoke(index, new Object[] { args })}, boxing and unboxing primitives.
     */
    private static void generateProxy(Gizmo gizmo, ClientInterfaceBuildItem client) {
        MethodDesc invoke = MethodDesc.of(AbstractClientProxy.class, "invoke", Object.class, int.class, Object[].class);
        gizmo.class_(client.proxyClassName(), cc -> {
            cc.extends_(AbstractClientProxy.class);
            cc.implements_(Jandex2Gizmo.classDescOf(client.iface().name()));
            cc.constructor(constructor -> {
                constructor.public_();
                constructor.body(b -> {
                    b.invokeSpecial(ConstructorDesc.of(AbstractClientProxy.class), constructor.this_());
                    b.return_();
                });
            });
            List<MethodInfo> methods = client.methods();
            for (int i = 0; i < methods.size(); i++) {
                MethodInfo method = methods.get(i);
                int index = i;
                MethodDesc desc = Jandex2Gizmo.methodDescOf(method);
                cc.method(method.name(), desc.type(), mc -> {
                    mc.public_();
                    List<ParamVar> params = new ArrayList<>();
                    for (int p = 0; p < method.parametersCount(); p++) {
                        String name = method.parameterName(p);
                        params.add(mc.parameter(name == null ? "arg" + p : name, p));
                    }
                    mc.body(b -> {
                        List<Expr> values = new ArrayList<>();
                        for (ParamVar param : params) {
                            values.add(param.type().isPrimitive() ? b.box(param) : param);
                        }
                        Expr array = b.newArray(Object.class, values);
                        Expr result = b.invokeVirtual(invoke, cc.this_(), Const.of(index), array);
                        ClassDesc returnType = desc.type().returnType();
                        if (returnType.equals(ConstantDescs.CD_void)) {
                            b.return_();
                        } else if (returnType.isPrimitive()) {
                            b.return_(b.unbox(b.cast(result, box(returnType))));
                        } else {
                            b.return_(b.cast(result, returnType));
                        }
                    });
                });
            }
        });
    }

    private static ClassDesc box(ClassDesc primitive) {
        return switch (primitive.descriptorString()) {
            case "Z" -> ConstantDescs.CD_Boolean;
            case "B" -> ConstantDescs.CD_Byte;
            case "S" -> ConstantDescs.CD_Short;
            case "C" -> ConstantDescs.CD_Character;
            case "I" -> ConstantDescs.CD_Integer;
            case "J" -> ConstantDescs.CD_Long;
            case "F" -> ConstantDescs.CD_Float;
            case "D" -> ConstantDescs.CD_Double;
            default -> throw new IllegalArgumentException(primitive.descriptorString());
        };
    }

    /**
     * Reports the problems of the client interfaces, and gives a hint when an interface with {@code @Node} methods is
     * injected without {@code @RekuestClient} and no bean provides it.
     * <p>
     * This runs once beans are discovered but before ArC validates the deployment (it produces an item ArC's validation
     * consumes): the injection points of a rejected interface, and one injected without the qualifier, are unsatisfied,
     * and ArC's "Unsatisfied dependency" would otherwise be the only message. Synthetic beans are not known yet: an
     * interface with {@code @Node} methods provided only by another extension's synthetic bean needs
     * {@code @RekuestClient} or a class bean.
     */
    @BuildStep
    UnremovableBeanBuildItem report(BeanDiscoveryFinishedBuildItem discovery, List<ClientProblemBuildItem> problems,
            CombinedIndexBuildItem combined) {
        List<Throwable> found = new ArrayList<>();
        for (ClientProblemBuildItem problem : problems) {
            found.add(new DeploymentException(problem.message()));
        }
        IndexView index = combined.getComputingIndex();
        for (InjectionPointInfo injection : discovery.getInjectionPoints()) {
            Type type = injection.getRequiredType();
            if (type.kind() != Type.Kind.CLASS || injection.getRequiredQualifier(REKUEST_CLIENT) != null) {
                continue;
            }
            ClassInfo clazz = index.getClassByName(type.name());
            if (clazz == null || !clazz.isInterface() || !hasNodeMethods(clazz)) {
                continue;
            }
            // the bean resolver is not ready before validation; a bean of the type with other qualifiers is left to ArC
            if (discovery.beanStream().withBeanType(type.name()).isEmpty()) {
                found.add(new DeploymentException("Nothing provides " + simple(type.name())
                        + " for the injection point " + injection.getTargetInfo() + ". Its methods are @Node contracts: to "
                        + "call the remote actions, inject it with @RekuestClient (@Inject @RekuestClient "
                        + simple(type.name()) + " ...); to serve them, implement the interface in a bean."));
            }
        }
        if (!found.isEmpty()) {
            DeploymentException report = new DeploymentException(found.size() == 1 ? found.get(0).getMessage()
                    : found.size() + " problems with @RekuestClient injection points");
            if (found.size() > 1) {
                found.forEach(report::addSuppressed);
            }
            throw report;
        }
        // nothing to keep: the item only orders this step before ArC's validation
        return new UnremovableBeanBuildItem(bean -> false);
    }

    /** {@code Outer.Inner}, as the source spells it. */
    private static String simple(DotName name) {
        return name.withoutPackagePrefix().replace('$', '.');
    }

    private static boolean hasNodeMethods(ClassInfo clazz) {
        for (MethodInfo method : clazz.methods()) {
            if (method.hasDeclaredAnnotation(ClientContracts.NODE)) {
                return true;
            }
        }
        return false;
    }
}
