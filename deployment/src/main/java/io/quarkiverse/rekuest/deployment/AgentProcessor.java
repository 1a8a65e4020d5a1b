package io.quarkiverse.rekuest.deployment;

import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
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
import org.jboss.jandex.gizmo2.Jandex2Gizmo;

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
import io.quarkus.deployment.GeneratedClassGizmo2Adaptor;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.GeneratedClassBuildItem;
import io.quarkus.deployment.builditem.GeneratedResourceBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigurationDefaultBuildItem;
import io.quarkus.deployment.recording.RecorderContext;
import io.quarkus.gizmo2.Const;
import io.quarkus.gizmo2.Expr;
import io.quarkus.gizmo2.Gizmo;
import io.quarkus.gizmo2.ParamVar;
import io.quarkus.gizmo2.creator.BlockCreator;
import io.quarkus.gizmo2.creator.ClassCreator;
import io.quarkus.gizmo2.desc.ClassMethodDesc;
import io.quarkus.gizmo2.desc.ConstructorDesc;
import io.quarkus.gizmo2.desc.MethodDesc;
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
            BuildProducer<GeneratedClassBuildItem> generatedClasses,
            BuildProducer<GeneratedResourceBuildItem> generatedResources,
            BuildProducer<UnremovableBeanBuildItem> unremovable) {
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
        Gizmo gizmo = Gizmo.create(new GeneratedClassGizmo2Adaptor(generatedClasses, generatedResources, true));
        Map<String, RuntimeValue<TypeAdapter>> adapters = new TreeMap<>();
        for (Map.Entry<String, ClassInfo> entry : types.adapted().entrySet()) {
            generateAdapter(gizmo, entry.getKey(), entry.getValue());
            adapters.put(entry.getKey(), context.newInstance(entry.getKey()));
        }
        Map<String, RuntimeValue<StructureAdapter>> structures = new TreeMap<>();
        for (Map.Entry<String, StructureTypes.StructureInfo> entry : types.structureAdapters().entrySet()) {
            generateStructureAdapter(gizmo, entry.getKey(), entry.getValue());
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
     * {@link Structures.HandlerAdapter} with the handler bean's class (a class constant, not a lookup by name).
     */
    private static void generateStructureAdapter(Gizmo gizmo, String name, StructureTypes.StructureInfo info) {
        if (info.handler() != null) {
            gizmo.class_(name, cc -> {
                cc.extends_(Structures.HandlerAdapter.class);
                cc.constructor(constructor -> {
                    constructor.public_();
                    constructor.body(b -> {
                        b.invokeSpecial(ConstructorDesc.of(Structures.HandlerAdapter.class, Class.class),
                                constructor.this_(), Const.of(Jandex2Gizmo.classDescOf(info.handler())));
                        b.return_();
                    });
                });
            });
            return;
        }
        ClassDesc type = Jandex2Gizmo.classDescOf(info.type());
        MethodDesc shrinkMethod = Jandex2Gizmo.methodDescOf(info.shrink());
        MethodDesc expandMethod = Jandex2Gizmo.methodDescOf(info.expand());
        gizmo.class_(name, cc -> {
            cc.implements_(StructureAdapter.class);
            defaultConstructor(cc);
            cc.method("shrink", mc -> {
                mc.public_();
                mc.returning(CompletionStage.class);
                ParamVar value = mc.parameter("value", Object.class);
                mc.body(b -> {
                    Expr self = b.cast(value, type);
                    Expr id = info.type().isInterface() ? b.invokeInterface(shrinkMethod, self)
                            : b.invokeVirtual(shrinkMethod, self);
                    b.return_(stage(b, id, info.shrink().returnType()));
                });
            });
            cc.method("expand", mc -> {
                mc.public_();
                mc.returning(CompletionStage.class);
                ParamVar id = mc.parameter("id", String.class);
                mc.body(b -> b.return_(stage(b, b.invokeStatic(expandMethod, id), info.expand().returnType())));
            });
        });
    }

    /** {@code public Name() { super(); }}. */
    private static void defaultConstructor(ClassCreator cc) {
        cc.constructor(constructor -> {
            constructor.public_();
            constructor.body(b -> {
                b.invokeSpecial(ConstructorDesc.of(Object.class), constructor.this_());
                b.return_();
            });
        });
    }

    /** What a user's method returned ({@code T}, {@code Uni<T>}, {@code CompletionStage<T>}) as a stage. */
    private static Expr stage(BlockCreator b, Expr value, Type returned) {
        String helper = "ofValue";
        if (returned.kind() == Type.Kind.PARAMETERIZED_TYPE) {
            helper = returned.name().equals(DotNames.UNI) ? "ofUni" : "ofStage";
        }
        return b.invokeStatic(MethodDesc.of(Structures.class, helper, CompletionStage.class, Object.class), value);
    }

    /** {@code (T) value}, unboxing a primitive component. */
    private static Expr unbox(BlockCreator b, Expr value, Type type) {
        if (type.kind() == Type.Kind.PRIMITIVE) {
            return b.unbox(b.cast(value, BOXES.get(type.asPrimitiveType().primitive())));
        }
        return b.cast(value, Jandex2Gizmo.classDescOf(type));
    }

    private static final Map<PrimitiveType.Primitive, Class<?>> BOXES = Map.of(
            PrimitiveType.Primitive.BOOLEAN, Boolean.class,
            PrimitiveType.Primitive.BYTE, Byte.class,
            PrimitiveType.Primitive.SHORT, Short.class,
            PrimitiveType.Primitive.INT, Integer.class,
            PrimitiveType.Primitive.LONG, Long.class,
            PrimitiveType.Primitive.FLOAT, Float.class,
            PrimitiveType.Primitive.DOUBLE, Double.class,
            PrimitiveType.Primitive.CHAR, Character.class);

    /** An adapter of an enum ({@code valueOf}) or a record (canonical constructor, accessors); both create arrays. */
    private static void generateAdapter(Gizmo gizmo, String name, ClassInfo clazz) {
        ClassDesc type = Jandex2Gizmo.classDescOf(clazz);
        gizmo.class_(name, cc -> {
            cc.implements_(TypeAdapter.class);
            defaultConstructor(cc);
            cc.method("newArray", mc -> {
                mc.public_();
                mc.returning(Object.class);
                ParamVar length = mc.parameter("length", int.class);
                mc.body(b -> b.return_(b.newEmptyArray(type, length)));
            });
            if (clazz.isEnum()) {
                MethodDesc valueOf = ClassMethodDesc.of(type, "valueOf", MethodTypeDesc.of(type, ConstantDescs.CD_String));
                cc.method("enumConstant", mc -> {
                    mc.public_();
                    mc.returning(Object.class);
                    ParamVar constant = mc.parameter("name", String.class);
                    mc.body(b -> b.return_(b.invokeStatic(valueOf, constant)));
                });
                return;
            }
            cc.method("isInstance", mc -> {
                mc.public_();
                mc.returning(boolean.class);
                ParamVar value = mc.parameter("value", Object.class);
                mc.body(b -> b.return_(b.instanceOf(value, type)));
            });
            List<RecordComponentInfo> components = clazz.recordComponentsInDeclarationOrder();
            ConstructorDesc canonical = Jandex2Gizmo.constructorDescOf(clazz.canonicalRecordConstructor());
            cc.method("construct", mc -> {
                mc.public_();
                mc.returning(Object.class);
                ParamVar array = mc.parameter("components", Object[].class);
                mc.body(b -> {
                    List<Expr> values = new ArrayList<>();
                    for (int i = 0; i < components.size(); i++) {
                        values.add(unbox(b, array.elem(i), components.get(i).type()));
                    }
                    b.return_(b.new_(canonical, values));
                });
            });
            cc.method("components", mc -> {
                mc.public_();
                mc.returning(Object[].class);
                ParamVar value = mc.parameter("record", Object.class);
                mc.body(b -> {
                    Expr record = b.localVar("typed", b.cast(value, type));
                    List<Expr> values = new ArrayList<>();
                    for (RecordComponentInfo component : components) {
                        MethodDesc accessor = Jandex2Gizmo.methodDescOf(clazz.method(component.name()));
                        Expr read = b.invokeVirtual(accessor, record);
                        values.add(component.type().kind() == Type.Kind.PRIMITIVE ? b.box(read) : read);
                    }
                    b.return_(b.newArray(Object.class, values));
                });
            });
        });
    }
}
