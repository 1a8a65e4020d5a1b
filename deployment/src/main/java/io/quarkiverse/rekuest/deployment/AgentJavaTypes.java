package io.quarkiverse.rekuest.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.rekuest.runtime.codec.JavaType;
import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;

/**
 * Derives the {@link JavaType} of node parameters and results from Jandex, and collects the enums and records that
 * need a generated {@link io.quarkiverse.rekuest.runtime.codec.TypeAdapter} and the structures that need a generated
 * {@link io.quarkiverse.rekuest.runtime.codec.StructureAdapter}. Types were validated by {@link PortTypes} before, so
 * anything unexpected here is a bug.
 * <p>
 * Public for the caller side: a processor that maps interface methods derives their Java types here and produces a
 * {@link CodecTypeBuildItem} per type so that the adapters are generated.
 */
public final class AgentJavaTypes {

    private static final Map<DotName, Shape> CLASSES = Map.ofEntries(
            Map.entry(DotNames.BOOLEAN, Shape.BOOLEAN),
            Map.entry(DotNames.BYTE, Shape.BYTE),
            Map.entry(DotNames.SHORT, Shape.SHORT),
            Map.entry(DotNames.INTEGER, Shape.INTEGER),
            Map.entry(DotNames.LONG, Shape.LONG),
            Map.entry(DotNames.FLOAT, Shape.FLOAT),
            Map.entry(DotNames.DOUBLE, Shape.DOUBLE),
            Map.entry(DotNames.CHARACTER, Shape.CHARACTER),
            Map.entry(DotNames.BIG_INTEGER, Shape.BIG_INTEGER),
            Map.entry(DotNames.BIG_DECIMAL, Shape.BIG_DECIMAL),
            Map.entry(DotNames.STRING, Shape.STRING),
            Map.entry(DotNames.INSTANT, Shape.INSTANT),
            Map.entry(DotNames.OFFSET_DATE_TIME, Shape.OFFSET_DATE_TIME),
            Map.entry(DotNames.ZONED_DATE_TIME, Shape.ZONED_DATE_TIME),
            Map.entry(DotNames.LOCAL_DATE_TIME, Shape.LOCAL_DATE_TIME),
            Map.entry(DotNames.LOCAL_DATE, Shape.LOCAL_DATE),
            Map.entry(DotNames.OPTIONAL_INT, Shape.OPTIONAL_INT),
            Map.entry(DotNames.OPTIONAL_LONG, Shape.OPTIONAL_LONG),
            Map.entry(DotNames.OPTIONAL_DOUBLE, Shape.OPTIONAL_DOUBLE),
            Map.entry(DotNames.VOID, Shape.VOID));

    private final IndexView index;
    /** Enums and records needing an adapter: adapter class name → the type's class. */
    private final Map<String, ClassInfo> adapted = new TreeMap<>();
    /** Structures needing an adapter: adapter class name → how the structure shrinks and expands. */
    private final Map<String, StructureTypes.StructureInfo> structureAdapters = new TreeMap<>();
    private final StructureTypes structures;

    public AgentJavaTypes(IndexView index) {
        this.index = index;
        this.structures = new StructureTypes(index);
    }

    /** The enums and records met so far, by the name of their adapter. */
    Map<String, ClassInfo> adapted() {
        return adapted;
    }

    /** The structures met so far, by the name of their adapter. */
    Map<String, StructureTypes.StructureInfo> structureAdapters() {
        return structureAdapters;
    }

    /** The structure handler beans of the application. */
    List<ClassInfo> structureHandlers() {
        return structures.handlers();
    }

    /** The Java type of a node's result: {@code Uni<T>}, {@code Multi<T>} and {@code CompletionStage<T>} give T. */
    public JavaType result(Type type) {
        if (type.kind() == Type.Kind.VOID) {
            return JavaType.of(Shape.VOID);
        }
        if (type.kind() == Type.Kind.PARAMETERIZED_TYPE) {
            DotName name = type.name();
            if (name.equals(DotNames.UNI) || name.equals(DotNames.MULTI) || name.equals(DotNames.COMPLETION_STAGE)
                    || name.equals(DotNames.COMPLETABLE_FUTURE)) {
                return tupleOr(type.asParameterizedType().arguments().get(0));
            }
        }
        return tupleOr(type);
    }

    /** A {@code @Returns} record as a {@link Shape#TUPLE}, anything else as {@link #of}. */
    private JavaType tupleOr(Type type) {
        if (type.kind() == Type.Kind.CLASS) {
            ClassInfo clazz = index.getClassByName(type.name());
            if (clazz != null && structures.isReturnsTuple(clazz)) {
                JavaType record = of(type);
                return new JavaType(Shape.TUPLE, record.adapter(), record.arguments());
            }
        }
        return of(type);
    }

    /** The Java type of a parameter, a record component or an element. */
    public JavaType of(Type type) {
        switch (type.kind()) {
            case VOID:
                return JavaType.of(Shape.VOID);
            case PRIMITIVE:
                return JavaType.of(switch (type.asPrimitiveType().primitive()) {
                    case BOOLEAN -> Shape.BOOLEAN_PRIMITIVE;
                    case BYTE -> Shape.BYTE_PRIMITIVE;
                    case SHORT -> Shape.SHORT_PRIMITIVE;
                    case INT -> Shape.INT_PRIMITIVE;
                    case LONG -> Shape.LONG_PRIMITIVE;
                    case FLOAT -> Shape.FLOAT_PRIMITIVE;
                    case DOUBLE -> Shape.DOUBLE_PRIMITIVE;
                    case CHAR -> Shape.CHAR_PRIMITIVE;
                });
            case ARRAY: {
                JavaType element = of(type.asArrayType().componentType());
                return new JavaType(Shape.ARRAY, element.adapter(), List.of(element));
            }
            case PARAMETERIZED_TYPE: {
                DotName name = type.name();
                List<Type> arguments = type.asParameterizedType().arguments();
                if (name.equals(DotNames.OPTIONAL)) {
                    return new JavaType(Shape.OPTIONAL, "", List.of(of(arguments.get(0))));
                }
                if (name.equals(DotNames.LIST)) {
                    return new JavaType(Shape.LIST, "", List.of(of(arguments.get(0))));
                }
                if (name.equals(DotNames.SET)) {
                    return new JavaType(Shape.SET, "", List.of(of(arguments.get(0))));
                }
                if (name.equals(DotNames.COLLECTION)) {
                    return new JavaType(Shape.COLLECTION, "", List.of(of(arguments.get(0))));
                }
                if (name.equals(DotNames.MAP)) {
                    return new JavaType(Shape.MAP, "", List.of(of(arguments.get(1))));
                }
                throw new IllegalStateException("Unsupported port type " + type);
            }
            case CLASS: {
                Shape shape = CLASSES.get(type.name());
                if (shape != null) {
                    return JavaType.of(shape);
                }
                ClassInfo clazz = index.getClassByName(type.name());
                if (clazz == null) {
                    throw new IllegalStateException("Port type " + type + " is not in the index");
                }
                if (structures.isMemoryStructure(clazz)) {
                    return JavaType.of(Shape.MEMORY_STRUCTURE);
                }
                if (structures.isStructure(clazz)) {
                    StructureTypes.StructureInfo structure = structures.structure(clazz);
                    String adapter = structureAdapterName(structure);
                    structureAdapters.put(adapter, structure);
                    return new JavaType(Shape.STRUCTURE, adapter, List.of());
                }
                if (structures.isUnion(clazz)) {
                    List<JavaType> variants = new ArrayList<>();
                    for (DotName variant : structures.variants(clazz)) {
                        variants.add(of(Type.create(variant, Type.Kind.CLASS)));
                    }
                    return new JavaType(Shape.UNION, "", variants);
                }
                String adapter = adapterName(clazz);
                if (clazz.isEnum()) {
                    adapted.put(adapter, clazz);
                    return new JavaType(Shape.ENUM, adapter, List.of());
                }
                if (clazz.isRecord()) {
                    adapted.put(adapter, clazz);
                    List<JavaType> components = new ArrayList<>();
                    for (RecordComponentInfo component : clazz.recordComponentsInDeclarationOrder()) {
                        components.add(of(component.type()));
                    }
                    return new JavaType(Shape.RECORD, adapter, components);
                }
                throw new IllegalStateException("Unsupported port type " + type);
            }
            default:
                throw new IllegalStateException("Unsupported port type " + type);
        }
    }

    /** The adapter of {@code com.example.Point} is {@code com.example.Point_RekuestAdapter}, in the type's package. */
    static String adapterName(ClassInfo clazz) {
        return clazz.name().toString() + "_RekuestAdapter";
    }

    /**
     * The structure adapter of {@code com.example.Image} is {@code com.example.Image_RekuestStructure}; with a handler
     * bean, {@code com.example.ImageHandler_RekuestStructure}, in the handler's package, whose class it names as a
     * constant (the handler may be package-private).
     */
    static String structureAdapterName(StructureTypes.StructureInfo structure) {
        ClassInfo named = structure.handler() != null ? structure.handler() : structure.type();
        return named.name().toString() + "_RekuestStructure";
    }
}
