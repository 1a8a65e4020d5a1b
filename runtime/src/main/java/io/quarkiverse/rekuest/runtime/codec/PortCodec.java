package io.quarkiverse.rekuest.runtime.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

/**
 * Builds the {@link ValueCodec} of a port from its definition (the wire side, §4 of the protocol) and its build-time
 * {@link JavaType} (the Java side), with the generated adapters of the application's enums, records and structures,
 * and the agent's {@link MemoryShelve}. Compile once, use for every call.
 */
public final class PortCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, TypeAdapter> adapters;
    private final Map<String, StructureAdapter> structures;
    private final MemoryShelve shelve;
    private final Map<Key, ValueCodec> compiled = new ConcurrentHashMap<>();

    private record Key(PortDefinition port, JavaType type) {
    }

    public PortCodec(Map<String, TypeAdapter> adapters) {
        this(adapters, Map.of(), new MemoryShelve());
    }

    /**
     * @param adapters the generated adapters of enums and records, by name
     * @param structures the generated adapters of structures, by name
     * @param shelve where memory structures are kept
     */
    public PortCodec(Map<String, TypeAdapter> adapters, Map<String, StructureAdapter> structures, MemoryShelve shelve) {
        this.adapters = Map.copyOf(adapters);
        this.structures = Map.copyOf(structures);
        this.shelve = shelve;
    }

    /** The agent's in-memory shelve. */
    public MemoryShelve shelve() {
        return shelve;
    }

    /**
     * The codec of a port.
     *
     * @throws IllegalArgumentException when the Java type does not fit the port or an adapter is missing (a bug: both
     *         come from the build)
     */
    public ValueCodec compile(PortDefinition port, JavaType type) {
        return compile(port, type, 0);
    }

    private ValueCodec compile(PortDefinition port, JavaType type, int depth) {
        if (depth > ValueCodec.MAX_DEPTH) {
            throw new IllegalArgumentException("Port " + port.key() + " nests deeper than " + ValueCodec.MAX_DEPTH);
        }
        Shape wrapper = null;
        JavaType inner = type;
        switch (type.shape()) {
            case OPTIONAL -> {
                wrapper = Shape.OPTIONAL;
                inner = type.element();
            }
            case OPTIONAL_INT -> {
                wrapper = Shape.OPTIONAL_INT;
                inner = JavaType.of(Shape.INTEGER);
            }
            case OPTIONAL_LONG -> {
                wrapper = Shape.OPTIONAL_LONG;
                inner = JavaType.of(Shape.LONG);
            }
            case OPTIONAL_DOUBLE -> {
                wrapper = Shape.OPTIONAL_DOUBLE;
                inner = JavaType.of(Shape.DOUBLE);
            }
            default -> {
            }
        }
        JsonNode defaultValue = null;
        if (port.defaultValue() != null) {
            try {
                defaultValue = JSON.readTree(port.defaultValue());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Port " + port.key() + " has an unreadable default " + port.defaultValue());
            }
        }
        return new PortValue(port, defaultValue, wrapper, inner.shape().isPrimitive(), kind(port, inner, depth));
    }

    private ValueCodec kind(PortDefinition port, JavaType type, int depth) {
        Shape shape = type.shape();
        PortKind kind = port.kind();
        switch (kind) {
            case BOOL:
                expect(port, type, Shape.BOOLEAN, Shape.BOOLEAN_PRIMITIVE);
                return new ScalarCodecs.Bool();
            case INT:
                expect(port, type, Shape.BYTE, Shape.BYTE_PRIMITIVE, Shape.SHORT, Shape.SHORT_PRIMITIVE, Shape.INTEGER,
                        Shape.INT_PRIMITIVE, Shape.LONG, Shape.LONG_PRIMITIVE, Shape.BIG_INTEGER);
                return new ScalarCodecs.Int(boxed(shape));
            case FLOAT:
                expect(port, type, Shape.FLOAT, Shape.FLOAT_PRIMITIVE, Shape.DOUBLE, Shape.DOUBLE_PRIMITIVE,
                        Shape.BIG_DECIMAL);
                return new ScalarCodecs.Floating(boxed(shape));
            case STRING:
                expect(port, type, Shape.STRING, Shape.CHARACTER, Shape.CHAR_PRIMITIVE);
                return new ScalarCodecs.Text(shape != Shape.STRING);
            case DATE:
                expect(port, type, Shape.INSTANT, Shape.OFFSET_DATE_TIME, Shape.ZONED_DATE_TIME, Shape.LOCAL_DATE_TIME,
                        Shape.LOCAL_DATE);
                return new ScalarCodecs.Date(shape);
            case ENUM:
                expect(port, type, Shape.ENUM);
                return new RecordCodecs.Enumeration(port, adapter(port, type));
            case LIST: {
                expect(port, type, Shape.LIST, Shape.SET, Shape.COLLECTION, Shape.ARRAY);
                JavaType element = type.element();
                TypeAdapter elementAdapter = shape == Shape.ARRAY && element.shape() != Shape.ARRAY
                        && ArrayAccess.newArray(element.shape(), 0) == null ? adapter(port, type) : null;
                return new ContainerCodecs.Sequence(shape, element, elementAdapter, compile(child(port), element, depth + 1));
            }
            case DICT:
                expect(port, type, Shape.MAP);
                return new ContainerCodecs.Dict(compile(child(port), type.element(), depth + 1));
            case MODEL: {
                expect(port, type, Shape.RECORD, Shape.TUPLE);
                List<String> keys = new ArrayList<>();
                List<ValueCodec> components = new ArrayList<>();
                components(port, type, depth, keys, components);
                return new RecordCodecs.Model(port.identifier(), adapter(port, type), keys, components);
            }
            case UNION: {
                expect(port, type, Shape.UNION);
                if (port.children().size() != type.arguments().size()) {
                    throw new IllegalArgumentException("Union port " + port.key() + " has " + port.children().size()
                            + " variants but its Java type " + type.arguments().size());
                }
                List<TypeAdapter> variantAdapters = new ArrayList<>();
                List<ValueCodec> variants = new ArrayList<>();
                for (int i = 0; i < port.children().size(); i++) {
                    JavaType variant = type.arguments().get(i);
                    variantAdapters.add(adapter(port.children().get(i), variant));
                    variants.add(compile(port.children().get(i), variant, depth + 1));
                }
                return new RecordCodecs.Union(variantAdapters, variants);
            }
            case STRUCTURE: {
                expect(port, type, Shape.STRUCTURE);
                StructureAdapter adapter = structures.get(type.adapter());
                if (adapter == null) {
                    throw new IllegalArgumentException("No structure adapter " + type.adapter() + " for port " + port.key());
                }
                return new ReferenceCodecs.StructureRef(port.identifier(), adapter);
            }
            case MEMORY_STRUCTURE:
                expect(port, type, Shape.MEMORY_STRUCTURE);
                return new ReferenceCodecs.MemoryRef(port.identifier(), shelve);
            default:
                throw new IllegalArgumentException("Port " + port.key() + " has the kind " + kind + ", which has no codec");
        }
    }

    /** The codecs of a record's components (or a returns tuple's ports), with their keys. */
    void components(PortDefinition port, JavaType type, int depth, List<String> keys, List<ValueCodec> components) {
        List<PortDefinition> children = port.children();
        if (children.size() != type.arguments().size()) {
            throw new IllegalArgumentException("Port " + port.key() + " has " + children.size() + " children but its Java type "
                    + type.arguments().size() + " components");
        }
        for (int i = 0; i < children.size(); i++) {
            keys.add(children.get(i).key());
            components.add(compile(children.get(i), type.arguments().get(i), depth + 1));
        }
    }

    TypeAdapter adapter(PortDefinition port, JavaType type) {
        TypeAdapter adapter = adapters.get(type.adapter());
        if (adapter == null) {
            throw new IllegalArgumentException("No generated adapter " + type.adapter() + " for port " + port.key());
        }
        return adapter;
    }

    private static PortDefinition child(PortDefinition port) {
        if (port.children().size() != 1) {
            throw new IllegalArgumentException("Port " + port.key() + " of kind " + port.kind() + " needs one child");
        }
        return port.children().get(0);
    }

    private static void expect(PortDefinition port, JavaType type, Shape... shapes) {
        for (Shape shape : shapes) {
            if (type.shape() == shape) {
                return;
            }
        }
        throw new IllegalArgumentException("Port " + port.key() + " of kind " + port.kind() + " cannot hold the Java shape "
                + type.shape());
    }

    private static Shape boxed(Shape shape) {
        return switch (shape) {
            case BOOLEAN_PRIMITIVE -> Shape.BOOLEAN;
            case BYTE_PRIMITIVE -> Shape.BYTE;
            case SHORT_PRIMITIVE -> Shape.SHORT;
            case INT_PRIMITIVE -> Shape.INTEGER;
            case LONG_PRIMITIVE -> Shape.LONG;
            case FLOAT_PRIMITIVE -> Shape.FLOAT;
            case DOUBLE_PRIMITIVE -> Shape.DOUBLE;
            case CHAR_PRIMITIVE -> Shape.CHARACTER;
            default -> shape;
        };
    }

    // ---------------------------------------------------------------- one-off use (compiles once per port and type)

    /**
     * The Java value of one port (synchronous ports only). Prefer {@link #compile} once and reuse the codec.
     *
     * @param value the JSON value, or {@code null} when the key is missing
     */
    public Object expand(JsonNode value, PortDefinition port, JavaType type, String path) throws CodecException {
        try {
            return cached(port, type).expand(value, 0);
        } catch (CodecException e) {
            throw e.within(path);
        }
    }

    /** The wire value of one port (synchronous ports only). Prefer {@link #compile} once and reuse the codec. */
    public JsonNode shrink(Object value, PortDefinition port, JavaType type, String path) throws CodecException {
        try {
            return cached(port, type).shrink(value, 0);
        } catch (CodecException e) {
            throw e.within(path);
        } catch (ClassCastException e) {
            throw new CodecException(path, "has a value of the wrong type: " + e.getMessage());
        }
    }

    private ValueCodec cached(PortDefinition port, JavaType type) {
        return compiled.computeIfAbsent(new Key(port, type), key -> compile(key.port(), key.type()));
    }

    /** Whether {@code kind} is one this codec reads and writes. */
    public static boolean supports(PortKind kind) {
        return true;
    }
}
