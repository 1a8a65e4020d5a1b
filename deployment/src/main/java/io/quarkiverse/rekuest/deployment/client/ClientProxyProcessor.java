package io.quarkiverse.rekuest.deployment.client;

import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassType;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.gizmo2.Jandex2Gizmo;

import io.quarkiverse.rekuest.runtime.client.AbstractClientProxy;
import io.quarkiverse.rekuest.runtime.client.ClientRecorder;
import io.quarkiverse.rekuest.runtime.client.RekuestCaller;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.deployment.GeneratedClassGizmo2Adaptor;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
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
 * {@code @RekuestClient} proxies: generates one class per {@link ClientInterfaceBuildItem} (Gizmo 2, no dynamic proxy)
 * and registers it as an {@code @ApplicationScoped} synthetic bean with the {@code @RekuestClient} qualifier.
 */
class ClientProxyProcessor {

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
                    .qualifiers(AnnotationInstance.builder(ClientProcessor.REKUEST_CLIENT).build())
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
}
