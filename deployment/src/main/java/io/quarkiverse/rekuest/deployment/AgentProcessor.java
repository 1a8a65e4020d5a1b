package io.quarkiverse.rekuest.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.PrimitiveType;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.rekuest.runtime.agent.AgentRecorder;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.codec.JavaType;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkiverse.rekuest.runtime.codec.StructureAdapter;
import io.quarkiverse.rekuest.runtime.codec.Structures;
import io.quarkiverse.rekuest.runtime.codec.TypeAdapter;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.deployment.GeneratedClassGizmoAdaptor;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.GeneratedClassBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigurationDefaultBuildItem;
import io.quarkus.deployment.recording.RecorderContext;
import io.quarkus.gizmo.ClassCreator;
import io.quarkus.gizmo.ClassOutput;
import io.quarkus.gizmo.DescriptorUtils;
import io.quarkus.gizmo.MethodCreator;
import io.quarkus.gizmo.MethodDescriptor;
import io.quarkus.gizmo.ResultHandle;
import io.quarkus.runtime.RuntimeValue;

/**
 * The runtime agent: its beans, the Java side of every node's ports and the adapters that create and read the
 * application's enums and records without reflection.
 */
class AgentProcessor {

    @BuildStep
    AdditionalBeanBuildItem agentBeans() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(RekuestAgent.class)
                .setUnremovable()
                .build();
    }

    /** What the agent socket accepts from the server: one frame or message of up to 16 MiB. */
    static final String INBOUND_LIMIT = String.valueOf(16 * 1024 * 1024);

    /**
     * The agent's socket is a websockets-next client, whose Vert.x defaults refuse a frame over 64 KiB and a message
     * over 256 KiB: an ASSIGN with larger args closed the socket (1011) before the agent saw it, and after the
     * reconnect the server delivered the same ASSIGN again, for ever. The agent accepts up to 16 MiB (uvicorn's
     * default websocket message limit; what the real server's host allows is not documented), as defaults that
     * {@code quarkus.websockets-next.client.max-message-size} and
     * {@code max-frame-size} still override (they apply to every websockets-next client of the application).
     */
    @BuildStep
    void inboundFrameLimits(BuildProducer<RunTimeConfigurationDefaultBuildItem> defaults) {
        defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.websockets-next.client.max-message-size",
                INBOUND_LIMIT));
        defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.websockets-next.client.max-frame-size",
                INBOUND_LIMIT));
    }

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    SyntheticBeanBuildItem codecs(List<NodeMethodBuildItem> nodes, List<CodecTypeBuildItem> extraTypes,
            CombinedIndexBuildItem index, AgentRecorder recorder, RecorderContext context,
            BuildProducer<GeneratedClassBuildItem> generatedClasses, BuildProducer<UnremovableBeanBuildItem> unremovable) {
        AgentJavaTypes types = new AgentJavaTypes(index.getComputingIndex());
        for (CodecTypeBuildItem extra : extraTypes) {
            types.of(extra.type());
        }
        Map<String, List<JavaType>> argTypes = new TreeMap<>();
        Map<String, JavaType> returnTypes = new TreeMap<>();
        for (NodeMethodBuildItem node : nodes) {
            MethodInfo method = node.method();
            List<JavaType> args = new ArrayList<>();
            for (int i = 0; i < method.parametersCount(); i++) {
                if (i != node.metadata().taskParameter()) {
                    args.add(types.of(method.parameterType(i)));
                }
            }
            argTypes.put(node.metadata().interfaceName(), args);
            returnTypes.put(node.metadata().interfaceName(), types.result(method.returnType()));
        }
        ClassOutput output = new GeneratedClassGizmoAdaptor(generatedClasses, true);
        Map<String, RuntimeValue<TypeAdapter>> adapters = new TreeMap<>();
        for (Map.Entry<String, ClassInfo> entry : types.adapted().entrySet()) {
            generateAdapter(output, entry.getKey(), entry.getValue());
            adapters.put(entry.getKey(), context.newInstance(entry.getKey()));
        }
        Map<String, RuntimeValue<StructureAdapter>> structures = new TreeMap<>();
        for (Map.Entry<String, StructureTypes.StructureInfo> entry : types.structureAdapters().entrySet()) {
            generateStructureAdapter(output, entry.getKey(), entry.getValue());
            structures.put(entry.getKey(), context.newInstance(entry.getKey()));
        }
        List<String> handlers = new ArrayList<>();
        types.structureHandlers().forEach(handler -> handlers.add(handler.name().toString()));
        if (!handlers.isEmpty()) {
            unremovable.produce(UnremovableBeanBuildItem.beanClassNames(handlers.toArray(String[]::new)));
        }
        return SyntheticBeanBuildItem.configure(NodeCodecs.class)
                .scope(Singleton.class)
                .unremovable()
                .supplier(recorder.codecs(argTypes, returnTypes, adapters, structures))
                .done();
    }

    /**
     * A structure adapter: calls the type's {@code shrink()} and static {@code expand(String)}, or extends
     * {@link Structures.HandlerAdapter} with the handler bean's class.
     */
    private static void generateStructureAdapter(ClassOutput output, String name, StructureTypes.StructureInfo info) {
        if (info.handler() != null) {
            try (ClassCreator creator = ClassCreator.builder().classOutput(output).className(name)
                    .superClass(Structures.HandlerAdapter.class).build()) {
                MethodCreator constructor = creator.getMethodCreator("<init>", void.class);
                constructor.invokeSpecialMethod(MethodDescriptor.ofConstructor(Structures.HandlerAdapter.class, Class.class),
                        constructor.getThis(), constructor.loadClassFromTCCL(info.handler().name().toString()));
                constructor.returnValue(null);
            }
            return;
        }
        String type = info.type().name().toString();
        try (ClassCreator creator = ClassCreator.builder().classOutput(output).className(name)
                .interfaces(StructureAdapter.class).build()) {
            MethodCreator constructor = creator.getMethodCreator("<init>", void.class);
            constructor.invokeSpecialMethod(MethodDescriptor.ofConstructor(Object.class), constructor.getThis());
            constructor.returnValue(null);

            MethodCreator shrink = creator.getMethodCreator("shrink", CompletionStage.class, Object.class);
            ResultHandle self = shrink.checkCast(shrink.getMethodParam(0), type);
            ResultHandle id = info.type().isInterface()
                    ? shrink.invokeInterfaceMethod(MethodDescriptor.of(info.shrink()), self)
                    : shrink.invokeVirtualMethod(MethodDescriptor.of(info.shrink()), self);
            shrink.returnValue(stage(shrink, id, info.shrink().returnType()));

            MethodCreator expand = creator.getMethodCreator("expand", CompletionStage.class, String.class);
            ResultHandle object = info.type().isInterface()
                    ? expand.invokeStaticInterfaceMethod(MethodDescriptor.of(info.expand()), expand.getMethodParam(0))
                    : expand.invokeStaticMethod(MethodDescriptor.of(info.expand()), expand.getMethodParam(0));
            expand.returnValue(stage(expand, object, info.expand().returnType()));
        }
    }

    /** What a user's method returned ({@code T}, {@code Uni<T>}, {@code CompletionStage<T>}) as a stage. */
    private static ResultHandle stage(MethodCreator method, ResultHandle value, Type returned) {
        String helper = "ofValue";
        if (returned.kind() == Type.Kind.PARAMETERIZED_TYPE) {
            helper = returned.name().equals(DotNames.UNI) ? "ofUni" : "ofStage";
        }
        return method.invokeStaticMethod(MethodDescriptor.ofMethod(Structures.class, helper, CompletionStage.class,
                Object.class), value);
    }

    private static final Map<PrimitiveType.Primitive, Class<?>[]> BOXES = Map.of(
            PrimitiveType.Primitive.BOOLEAN, new Class<?>[] { boolean.class, Boolean.class },
            PrimitiveType.Primitive.BYTE, new Class<?>[] { byte.class, Byte.class },
            PrimitiveType.Primitive.SHORT, new Class<?>[] { short.class, Short.class },
            PrimitiveType.Primitive.INT, new Class<?>[] { int.class, Integer.class },
            PrimitiveType.Primitive.LONG, new Class<?>[] { long.class, Long.class },
            PrimitiveType.Primitive.FLOAT, new Class<?>[] { float.class, Float.class },
            PrimitiveType.Primitive.DOUBLE, new Class<?>[] { double.class, Double.class },
            PrimitiveType.Primitive.CHAR, new Class<?>[] { char.class, Character.class });

    /** {@code (T) value}, unboxing a primitive component. */
    private static ResultHandle unbox(MethodCreator method, ResultHandle value, Type type) {
        if (type.kind() == Type.Kind.PRIMITIVE) {
            Class<?>[] classes = BOXES.get(type.asPrimitiveType().primitive());
            ResultHandle boxed = method.checkCast(value, classes[1]);
            return method.invokeVirtualMethod(MethodDescriptor.ofMethod(classes[1], classes[0].getName() + "Value",
                    classes[0]), boxed);
        }
        return method.checkCast(value, DescriptorUtils.typeToString(type));
    }

    /** {@code value} as an object, boxing a primitive component. */
    private static ResultHandle box(MethodCreator method, ResultHandle value, Type type) {
        if (type.kind() == Type.Kind.PRIMITIVE) {
            Class<?>[] classes = BOXES.get(type.asPrimitiveType().primitive());
            return method.invokeStaticMethod(MethodDescriptor.ofMethod(classes[1], "valueOf", classes[1], classes[0]),
                    value);
        }
        return value;
    }

    /** An adapter of an enum ({@code valueOf}) or a record (canonical constructor, accessors); both create arrays. */
    private static void generateAdapter(ClassOutput output, String name, ClassInfo clazz) {
        String type = clazz.name().toString();
        try (ClassCreator creator = ClassCreator.builder().classOutput(output).className(name)
                .interfaces(TypeAdapter.class).build()) {
            MethodCreator constructor = creator.getMethodCreator("<init>", void.class);
            constructor.invokeSpecialMethod(MethodDescriptor.ofConstructor(Object.class), constructor.getThis());
            constructor.returnValue(null);

            MethodCreator newArray = creator.getMethodCreator("newArray", Object.class, int.class);
            newArray.returnValue(newArray.newArray(type, newArray.getMethodParam(0)));

            if (clazz.isEnum()) {
                MethodCreator constant = creator.getMethodCreator("enumConstant", Object.class, String.class);
                constant.returnValue(constant.invokeStaticMethod(
                        MethodDescriptor.ofMethod(type, "valueOf", type, String.class), constant.getMethodParam(0)));
                return;
            }
            MethodCreator isInstance = creator.getMethodCreator("isInstance", boolean.class, Object.class);
            isInstance.returnValue(isInstance.instanceOf(isInstance.getMethodParam(0), type));

            List<RecordComponentInfo> components = clazz.recordComponentsInDeclarationOrder();
            MethodCreator construct = creator.getMethodCreator("construct", Object.class, Object[].class);
            ResultHandle[] values = new ResultHandle[components.size()];
            for (int i = 0; i < values.length; i++) {
                ResultHandle value = construct.readArrayValue(construct.getMethodParam(0), i);
                values[i] = unbox(construct, value, components.get(i).type());
            }
            construct.returnValue(construct.newInstance(MethodDescriptor.of(clazz.canonicalRecordConstructor()), values));

            MethodCreator read = creator.getMethodCreator("components", Object[].class, Object.class);
            ResultHandle record = read.checkCast(read.getMethodParam(0), type);
            ResultHandle array = read.newArray(Object.class, components.size());
            for (int i = 0; i < components.size(); i++) {
                MethodInfo accessor = clazz.method(components.get(i).name());
                ResultHandle value = read.invokeVirtualMethod(MethodDescriptor.of(accessor), record);
                read.writeArrayValue(array, i, box(read, value, components.get(i).type()));
            }
            read.returnValue(array);
        }
    }
}
