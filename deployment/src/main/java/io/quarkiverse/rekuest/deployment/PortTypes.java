package io.quarkiverse.rekuest.deployment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ArrayType;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.PrimitiveType;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.rekuest.runtime.definition.Choice;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

/**
 * The one mapping from Java types to ports, used for parameters, return values and record components.
 * <p>
 * Scalars: {@code boolean} → BOOL; {@code byte short int long BigInteger} → INT; {@code float double BigDecimal}
 * → FLOAT; {@code String char} → STRING; {@code Instant OffsetDateTime ZonedDateTime LocalDateTime LocalDate}
 * → DATE; enums → ENUM with a choice per constant. Containers: {@code List Set Collection} and arrays → LIST;
 * {@code Map<String, T>} → DICT; {@code Optional<T>}, {@code OptionalInt/Long/Double} and any annotation named
 * {@code Nullable} → nullable. Records → MODEL with a child per component. Sealed interfaces whose permitted types
 * are records → UNION with a child per record. {@code @Structure} types (or types with a {@code StructureHandler}
 * bean) → STRUCTURE; {@code @MemoryStructure} types → MEMORY_STRUCTURE. A {@code @Returns} record returned by a node
 * → one return port per component. Boxes are not nullable. Port metadata annotations become the widget, validators
 * and effects of the port ({@link PortMetadata}).
 */
final class PortTypes {

    private static final Map<DotName, PortKind> SCALARS = Map.ofEntries(
            Map.entry(DotNames.BOOLEAN, PortKind.BOOL),
            Map.entry(DotNames.BYTE, PortKind.INT),
            Map.entry(DotNames.SHORT, PortKind.INT),
            Map.entry(DotNames.INTEGER, PortKind.INT),
            Map.entry(DotNames.LONG, PortKind.INT),
            Map.entry(DotNames.BIG_INTEGER, PortKind.INT),
            Map.entry(DotNames.FLOAT, PortKind.FLOAT),
            Map.entry(DotNames.DOUBLE, PortKind.FLOAT),
            Map.entry(DotNames.BIG_DECIMAL, PortKind.FLOAT),
            Map.entry(DotNames.STRING, PortKind.STRING),
            Map.entry(DotNames.CHARACTER, PortKind.STRING),
            Map.entry(DotNames.INSTANT, PortKind.DATE),
            Map.entry(DotNames.OFFSET_DATE_TIME, PortKind.DATE),
            Map.entry(DotNames.ZONED_DATE_TIME, PortKind.DATE),
            Map.entry(DotNames.LOCAL_DATE_TIME, PortKind.DATE),
            Map.entry(DotNames.LOCAL_DATE, PortKind.DATE));

    private static final Map<DotName, PortKind> NULLABLE_PRIMITIVES = Map.of(
            DotNames.OPTIONAL_INT, PortKind.INT,
            DotNames.OPTIONAL_LONG, PortKind.INT,
            DotNames.OPTIONAL_DOUBLE, PortKind.FLOAT);

    static final String SUPPORTED = "A port is a primitive or its box, String, BigInteger, BigDecimal, an enum, a record, "
            + "a sealed interface of records, a @Structure or @MemoryStructure type, "
            + "Instant, OffsetDateTime, ZonedDateTime, LocalDateTime or LocalDate, "
            + "or a List, Set, Collection, array, Map<String, T> or Optional of those.";

    /** How deep a port may nest (the codecs refuse deeper values too). */
    static final int MAX_DEPTH = io.quarkiverse.rekuest.runtime.codec.ValueCodec.MAX_DEPTH;

    /** A port key named by a widget, validator or effect of a port. */
    record Dependency(String port, String dependency) {
    }

    /**
     * A mapped port and the dependencies its widgets, validators and effects name, its own and those of the ports
     * inside it (record components), in the order they were found.
     */
    record MappedPort(PortDefinition port, List<Dependency> dependencies) {
    }

    private final IndexView index;
    /** Descriptions of record components and enum constants, from Javadoc. */
    private final JavadocIndex javadoc;
    /** The records being mapped, to refuse recursive ones. */
    private final Deque<DotName> records = new ArrayDeque<>();
    /** Structures, unions and returns tuples. */
    private final StructureTypes structures;

    PortTypes(IndexView index) {
        this(index, JavadocIndex.EMPTY);
    }

    PortTypes(IndexView index, JavadocIndex javadoc) {
        this.index = index;
        this.javadoc = javadoc;
        this.structures = new StructureTypes(index);
    }

    /** Whether {@code type} is a record marked {@code @Returns}: a node returning it has a port per component. */
    boolean isReturnsTuple(Type type) {
        if (type.kind() != Type.Kind.CLASS) {
            return false;
        }
        ClassInfo clazz = index.getClassByName(type.name());
        return clazz != null && structures.isReturnsTuple(clazz);
    }

    /**
     * The return ports {@code return0..n} of a returns tuple, one per record component, labelled with the component
     * name (or its {@code @Port} label) and described by its Javadoc.
     */
    List<MappedPort> returnTuple(Type type, String location)
            throws UnsupportedPortTypeException, InvalidDefaultException, InvalidPortMetadataException {
        ClassInfo clazz = index.getClassByName(type.name());
        List<MappedPort> ports = new ArrayList<>();
        int i = 0;
        for (RecordComponentInfo component : clazz.recordComponentsInDeclarationOrder()) {
            Type componentType = component.type();
            String componentLocation = location + " → " + JavaNames.simple(clazz) + "." + component.name() + ": "
                    + JavaNames.simple(componentType);
            Annotations annotations = Annotations.of(component.declaredAnnotation(DotNames.PORT),
                    component.declaredAnnotations(), componentType)
                    .describedBy(javadoc.recordComponent(clazz.name(), component.name()));
            if (annotations.label() == null) {
                annotations = new Annotations(component.name(), annotations.description(), annotations.defaultValue(),
                        annotations.nullable(), annotations.declared());
            }
            ports.add(port(io.quarkiverse.rekuest.runtime.definition.ActionDefinition.returnKey(i++), componentType,
                    annotations, componentLocation));
        }
        return ports;
    }

    /** What the user wrote about a port, beside its type. */
    record Annotations(String label, String description, String defaultValue, boolean nullable,
            List<AnnotationInstance> declared) {

        static final Annotations NONE = new Annotations(null, null, null, false, List.of());

        Annotations(String label, String description, String defaultValue, boolean nullable) {
            this(label, description, defaultValue, nullable, List.of());
        }

        /** Reads {@code @Port} and any {@code @Nullable} from a parameter or a record component. */
        static Annotations of(AnnotationInstance port, List<AnnotationInstance> declared, Type type) {
            boolean nullable = false;
            for (AnnotationInstance annotation : declared) {
                nullable |= annotation.name().local().equals(DotNames.NULLABLE_SIMPLE_NAME);
            }
            for (AnnotationInstance annotation : type.annotations()) {
                nullable |= annotation.name().local().equals(DotNames.NULLABLE_SIMPLE_NAME);
            }
            if (port == null) {
                return new Annotations(null, null, null, nullable, declared);
            }
            return new Annotations(nonEmpty(port, "label"), nonEmpty(port, "description"),
                    nonEmpty(port, "defaultValue"), nullable, declared);
        }

        /** These annotations, with a description when they have none: explicit annotations win over Javadoc. */
        Annotations describedBy(String javadoc) {
            return description != null || javadoc == null ? this
                    : new Annotations(label, javadoc, defaultValue, nullable, declared);
        }

        private static String nonEmpty(AnnotationInstance annotation, String member) {
            var value = annotation.value(member);
            return value == null || value.asString().isEmpty() ? null : value.asString();
        }
    }

    /**
     * @param key the port's key
     * @param type the Java type
     * @param annotations what the user wrote about the port
     * @param location where the type is written, for messages: {@code Foo#bar(x: List<Baz>)}
     */
    MappedPort port(String key, Type type, Annotations annotations, String location)
            throws UnsupportedPortTypeException, InvalidDefaultException, InvalidPortMetadataException {
        List<Dependency> found = new ArrayList<>();
        PortDefinition port = port(key, type, annotations, location, found);
        return new MappedPort(port, List.copyOf(found));
    }

    /** {@link #port(String, Type, Annotations, String)}, adding the dependencies it finds to {@code found}. */
    private PortDefinition port(String key, Type type, Annotations annotations, String location, List<Dependency> found)
            throws UnsupportedPortTypeException, InvalidDefaultException, InvalidPortMetadataException {
        PortDefinition port = shape(key, type, annotations.nullable(), annotations, location, found);
        int depth = depth(port);
        if (depth > MAX_DEPTH) {
            throw new UnsupportedPortTypeException(type, location, "it nests " + depth + " levels deep; the limit is "
                    + MAX_DEPTH + ". Fix: flatten the type.");
        }
        String json = annotations.defaultValue() == null ? null
                : DefaultValues.canonical(annotations.defaultValue(), port, key);
        PortMetadata.Read metadata;
        try {
            metadata = PortMetadata.read(annotations.declared(), port);
        } catch (InvalidPortMetadataException e) {
            throw e.at(key);
        }
        for (String dependency : metadata.dependencies()) {
            found.add(new Dependency(key, dependency));
        }
        if (json == null && metadata.isEmpty()) {
            return port;
        }
        return new PortDefinition(port.key(), port.kind(), port.nullable(), json, port.identifier(), port.label(),
                port.description(), port.choices(), port.children(), metadata.widget(), metadata.validators(),
                metadata.effects());
    }

    private static int depth(PortDefinition port) {
        int deepest = 0;
        for (PortDefinition child : port.children()) {
            deepest = Math.max(deepest, depth(child));
        }
        return deepest + 1;
    }

    private PortDefinition shape(String key, Type type, boolean nullable, Annotations text, String location,
            List<Dependency> found) throws UnsupportedPortTypeException, InvalidDefaultException, InvalidPortMetadataException {
        switch (type.kind()) {
            case PRIMITIVE:
                return scalar(key, primitive(type.asPrimitiveType()), nullable, text);
            case ARRAY: {
                ArrayType array = type.asArrayType();
                Type element = array.componentType();
                return container(key, PortKind.LIST, nullable, text, element(element, location, found));
            }
            case CLASS:
                return classPort(key, type, nullable, text, location, found);
            case PARAMETERIZED_TYPE:
                return parameterized(key, type, nullable, text, location, found);
            case WILDCARD_TYPE:
                Type bound = type.asWildcardType().extendsBound();
                throw new UnsupportedPortTypeException(type, location, "a wildcard has no definite port. Fix: write "
                        + (bound == null || bound.name().equals(DotName.OBJECT_NAME) ? "a concrete type"
                                : JavaNames.simple(bound))
                        + " instead.");
            case TYPE_VARIABLE:
            case UNRESOLVED_TYPE_VARIABLE:
            case TYPE_VARIABLE_REFERENCE:
                throw new UnsupportedPortTypeException(type, location,
                        "a type variable has no definite port. Fix: use a concrete type.");
            default:
                throw new UnsupportedPortTypeException(type, location, SUPPORTED);
        }
    }

    private PortDefinition classPort(String key, Type type, boolean nullable, Annotations text, String location,
            List<Dependency> found) throws UnsupportedPortTypeException, InvalidDefaultException, InvalidPortMetadataException {
        DotName name = type.name();
        PortKind scalar = SCALARS.get(name);
        if (scalar != null) {
            return scalar(key, scalar, nullable, text);
        }
        PortKind nullablePrimitive = NULLABLE_PRIMITIVES.get(name);
        if (nullablePrimitive != null) {
            return scalar(key, nullablePrimitive, true, text);
        }
        if (isGeneric(name)) {
            throw new UnsupportedPortTypeException(type, location,
                    "a raw type has no element type. Fix: give its type arguments, e.g. "
                            + JavaNames.simple(name) + (name.equals(DotNames.MAP) ? "<String, Integer>" : "<String>") + ".");
        }
        if (name.equals(DotNames.TASK)) {
            throw new UnsupportedPortTypeException(type, location,
                    "the task handle is not a value. Fix: declare it as a parameter of the node method itself.");
        }
        ClassInfo clazz = index.getClassByName(name);
        if (clazz == null) {
            throw new UnsupportedPortTypeException(type, location,
                    "the class is not in the Jandex index, so its shape is unknown. Fix: add its module to the index "
                            + "(quarkus.index-dependency.<name>.group-id / artifact-id) or use another type.");
        }
        if (structures.isMemoryStructure(clazz)) {
            return new PortDefinition(key, PortKind.MEMORY_STRUCTURE, nullable, null, structures.identifier(clazz),
                    text.label(), text.description(), List.of(), List.of());
        }
        if (structures.isStructure(clazz)) {
            try {
                structures.structure(clazz);
            } catch (IllegalArgumentException e) {
                throw new UnsupportedPortTypeException(type, location, e.getMessage());
            }
            return new PortDefinition(key, PortKind.STRUCTURE, nullable, null, structures.identifier(clazz), text.label(),
                    text.description(), List.of(), List.of());
        }
        if (clazz.isEnum()) {
            return enumPort(key, clazz, nullable, text);
        }
        if (structures.isReturnsTuple(clazz)) {
            throw new UnsupportedPortTypeException(type, location, "a @Returns record is only allowed as what a node "
                    + "returns. Fix: remove @Returns from " + JavaNames.simple(name) + " to use it as a MODEL port.");
        }
        if (clazz.isRecord()) {
            return recordPort(key, type, clazz, nullable, text, location, found);
        }
        if (structures.isUnion(clazz)) {
            return unionPort(key, type, clazz, nullable, text, location, found);
        }
        throw new UnsupportedPortTypeException(type, location,
                SUPPORTED + " Fix: make " + JavaNames.simple(name) + " a record or an enum, annotate it with @Structure "
                        + "or @MemoryStructure, or use a supported type.");
    }

    private PortDefinition parameterized(String key, Type type, boolean nullable, Annotations text, String location,
            List<Dependency> found) throws UnsupportedPortTypeException, InvalidDefaultException, InvalidPortMetadataException {
        DotName name = type.name();
        List<Type> args = type.asParameterizedType().arguments();
        if (name.equals(DotNames.OPTIONAL)) {
            return shape(key, args.get(0), true, text, location, found);
        }
        if (name.equals(DotNames.LIST) || name.equals(DotNames.SET) || name.equals(DotNames.COLLECTION)) {
            return container(key, PortKind.LIST, nullable, text, element(args.get(0), location, found));
        }
        if (name.equals(DotNames.MAP)) {
            if (!args.get(0).name().equals(DotNames.STRING) || args.get(0).kind() != Type.Kind.CLASS) {
                throw new UnsupportedPortTypeException(type, location,
                        "a DICT port has String keys. Fix: use Map<String, " + JavaNames.simple(args.get(1)) + ">.");
            }
            return container(key, PortKind.DICT, nullable, text, element(args.get(1), location, found));
        }
        if (name.equals(DotNames.UNI) || name.equals(DotNames.MULTI) || name.equals(DotNames.COMPLETION_STAGE)
                || name.equals(DotNames.COMPLETABLE_FUTURE)) {
            throw new UnsupportedPortTypeException(type, location,
                    JavaNames.simple(name) + " is only allowed as the return type of the node method. Fix: use the "
                            + "value type itself.");
        }
        ClassInfo clazz = index.getClassByName(name);
        if (clazz != null && clazz.isRecord()) {
            throw new UnsupportedPortTypeException(type, location,
                    "generic records are not supported. Fix: declare a record with concrete component types.");
        }
        throw new UnsupportedPortTypeException(type, location, SUPPORTED);
    }

    /** The single child of a LIST or DICT. */
    private PortDefinition element(Type element, String location, List<Dependency> found)
            throws UnsupportedPortTypeException, InvalidDefaultException, InvalidPortMetadataException {
        boolean nullable = Annotations.of(null, List.of(), element).nullable();
        return shape(PortDefinition.ELEMENT_KEY, element, nullable, Annotations.NONE, location, found);
    }

    private PortDefinition enumPort(String key, ClassInfo clazz, boolean nullable, Annotations text) {
        List<Choice> choices = new ArrayList<>();
        for (FieldInfo constant : clazz.enumConstants()) {
            String description = javadoc.enumConstant(clazz.name(), constant.name());
            choices.add(new Choice(constant.name(), constant.name(), description));
        }
        return new PortDefinition(key, PortKind.ENUM, nullable, null, identifier(clazz.name()), text.label(),
                text.description(), choices, List.of());
    }

    private PortDefinition recordPort(String key, Type type, ClassInfo clazz, boolean nullable, Annotations text,
            String location, List<Dependency> found)
            throws UnsupportedPortTypeException, InvalidDefaultException, InvalidPortMetadataException {
        if (!clazz.typeParameters().isEmpty()) {
            throw new UnsupportedPortTypeException(type, location,
                    "generic records are not supported. Fix: declare a record with concrete component types.");
        }
        if (records.contains(clazz.name())) {
            throw new UnsupportedPortTypeException(type, location,
                    "a record that contains itself has no finite port. Fix: break the cycle, e.g. with a list of ids.");
        }
        records.push(clazz.name());
        try {
            List<PortDefinition> children = new ArrayList<>();
            for (RecordComponentInfo component : clazz.recordComponentsInDeclarationOrder()) {
                Type componentType = component.type();
                String componentLocation = location + " → " + JavaNames.simple(clazz) + "." + component.name() + ": "
                        + JavaNames.simple(componentType);
                Annotations annotations = Annotations.of(component.declaredAnnotation(DotNames.PORT),
                        component.declaredAnnotations(), componentType)
                        .describedBy(javadoc.recordComponent(clazz.name(), component.name()));
                children.add(port(component.name(), componentType, annotations, componentLocation, found));
            }
            return new PortDefinition(key, PortKind.MODEL, nullable, null, identifier(clazz.name()), text.label(),
                    text.description(), List.of(), children);
        } finally {
            records.pop();
        }
    }

    private PortDefinition unionPort(String key, Type type, ClassInfo clazz, boolean nullable, Annotations text,
            String location, List<Dependency> found)
            throws UnsupportedPortTypeException, InvalidDefaultException, InvalidPortMetadataException {
        List<PortDefinition> variants = new ArrayList<>();
        int i = 0;
        for (DotName variantName : structures.variants(clazz)) {
            ClassInfo variant = index.getClassByName(variantName);
            if (variant == null || !variant.isRecord()) {
                throw new UnsupportedPortTypeException(type, location, "a sealed interface is a UNION port when every "
                        + "permitted type is a record, but " + JavaNames.simple(variantName) + " is not. Fix: make "
                        + JavaNames.simple(variantName) + " a record.");
            }
            Type variantType = Type.create(variantName, Type.Kind.CLASS);
            String variantLocation = location + " → " + JavaNames.simple(variantName);
            PortDefinition port = recordPort(String.valueOf(i++), variantType, variant, false,
                    new Annotations(JavaNames.simple(variantName), javadoc.type(variantName).description(), null, false),
                    variantLocation, found);
            variants.add(port);
        }
        if (variants.isEmpty()) {
            throw new UnsupportedPortTypeException(type, location, "the sealed interface permits no type.");
        }
        return new PortDefinition(key, PortKind.UNION, nullable, null, null, text.label(), text.description(), List.of(),
                variants);
    }

    private static PortDefinition scalar(String key, PortKind kind, boolean nullable, Annotations text) {
        return new PortDefinition(key, kind, nullable, null, null, text.label(), text.description(), List.of(), List.of());
    }

    private static PortDefinition container(String key, PortKind kind, boolean nullable, Annotations text,
            PortDefinition child) {
        return new PortDefinition(key, kind, nullable, null, null, text.label(), text.description(), List.of(),
                List.of(child));
    }

    private static PortKind primitive(PrimitiveType type) {
        return switch (type.primitive()) {
            case BOOLEAN -> PortKind.BOOL;
            case CHAR -> PortKind.STRING;
            case FLOAT, DOUBLE -> PortKind.FLOAT;
            case BYTE, SHORT, INT, LONG -> PortKind.INT;
        };
    }

    private static boolean isGeneric(DotName name) {
        return name.equals(DotNames.OPTIONAL) || name.equals(DotNames.LIST) || name.equals(DotNames.SET)
                || name.equals(DotNames.COLLECTION) || name.equals(DotNames.MAP) || name.equals(DotNames.UNI)
                || name.equals(DotNames.MULTI) || name.equals(DotNames.COMPLETION_STAGE)
                || name.equals(DotNames.COMPLETABLE_FUTURE);
    }

    /** {@code @com.example/Point} for {@code com.example.Point}: the {@code @package/key} form of the protocol. */
    static String identifier(DotName name) {
        String pkg = name.packagePrefix();
        return "@" + (pkg == null ? "java" : pkg) + "/" + JavaNames.simple(name);
    }
}
