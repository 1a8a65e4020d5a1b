package io.quarkiverse.rekuest.runtime.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

/**
 * Converts between the wire form of a port (§4 of the protocol: JSON keyed by port key) and the Java values a node
 * method takes and returns. The port definition gives the wire side, the build-time {@link JavaType} the Java side;
 * enums and records go through generated {@link TypeAdapter}s, so nothing is reflective.
 */
public final class PortCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper DEFAULTS = new ObjectMapper();

    private final Map<String, TypeAdapter> adapters;

    public PortCodec(Map<String, TypeAdapter> adapters) {
        this.adapters = Map.copyOf(adapters);
    }

    // ---------------------------------------------------------------- expand: JSON -> Java

    /**
     * The Java value of one port. A missing or {@code null} value becomes the port's default, else {@code null} (or
     * an empty {@code Optional}) when the port is nullable; otherwise it is an error naming the port.
     *
     * @param value the JSON value, or {@code null} when the key is missing
     */
    public Object expand(JsonNode value, PortDefinition port, JavaType type, String path) throws CodecException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            if (port.defaultValue() != null) {
                JsonNode defaultValue;
                try {
                    defaultValue = DEFAULTS.readTree(port.defaultValue());
                } catch (JsonProcessingException e) {
                    throw new CodecException(path, "has an unreadable default " + port.defaultValue());
                }
                if (!defaultValue.isNull()) {
                    return expand(defaultValue, port, type, path);
                }
            }
            if (port.nullable() || isOptional(type.shape())) {
                return empty(type.shape(), port, path);
            }
            throw new CodecException(path, "is required: it has no default and is not nullable");
        }
        return switch (type.shape()) {
            case OPTIONAL -> Optional.of(expand(value, port, type.element(), path));
            case OPTIONAL_INT -> OptionalInt.of((Integer) integral(value, path, Integer.MIN_VALUE, Integer.MAX_VALUE, Shape.INTEGER));
            case OPTIONAL_LONG -> OptionalLong.of((Long) integral(value, path, Long.MIN_VALUE, Long.MAX_VALUE, Shape.LONG));
            case OPTIONAL_DOUBLE -> OptionalDouble.of(((Double) floating(value, path, Shape.DOUBLE)));
            default -> expandPresent(value, port, type, path);
        };
    }

    private Object expandPresent(JsonNode value, PortDefinition port, JavaType type, String path) throws CodecException {
        Shape shape = type.shape();
        switch (shape) {
            case BOOLEAN_PRIMITIVE:
            case BOOLEAN:
                if (!value.isBoolean()) {
                    throw mismatch(path, "a boolean", value);
                }
                return value.booleanValue();
            case BYTE_PRIMITIVE:
            case BYTE:
                return integral(value, path, Byte.MIN_VALUE, Byte.MAX_VALUE, Shape.BYTE);
            case SHORT_PRIMITIVE:
            case SHORT:
                return integral(value, path, Short.MIN_VALUE, Short.MAX_VALUE, Shape.SHORT);
            case INT_PRIMITIVE:
            case INTEGER:
                return integral(value, path, Integer.MIN_VALUE, Integer.MAX_VALUE, Shape.INTEGER);
            case LONG_PRIMITIVE:
            case LONG:
                return integral(value, path, Long.MIN_VALUE, Long.MAX_VALUE, Shape.LONG);
            case BIG_INTEGER:
                return integral(value, path, 0, 0, Shape.BIG_INTEGER);
            case FLOAT_PRIMITIVE:
            case FLOAT:
                return floating(value, path, Shape.FLOAT);
            case DOUBLE_PRIMITIVE:
            case DOUBLE:
                return floating(value, path, Shape.DOUBLE);
            case BIG_DECIMAL:
                return floating(value, path, Shape.BIG_DECIMAL);
            case STRING:
                if (!value.isTextual()) {
                    throw mismatch(path, "a string", value);
                }
                return value.textValue();
            case CHAR_PRIMITIVE:
            case CHARACTER:
                if (!value.isTextual() || value.textValue().length() != 1) {
                    throw mismatch(path, "a string of one character", value);
                }
                return value.textValue().charAt(0);
            case INSTANT:
            case OFFSET_DATE_TIME:
            case ZONED_DATE_TIME:
            case LOCAL_DATE_TIME:
            case LOCAL_DATE:
                return date(value, shape, path);
            case ENUM:
                if (!value.isTextual()) {
                    throw mismatch(path, "one of " + choices(port), value);
                }
                try {
                    return adapter(type, path).enumConstant(value.textValue());
                } catch (IllegalArgumentException e) {
                    throw new CodecException(path, "must be one of " + choices(port) + ", got " + abbreviate(value));
                }
            case RECORD:
                return record(value, port, type, path);
            case LIST:
            case SET:
            case COLLECTION:
            case ARRAY:
                return sequence(value, port, type, path);
            case MAP: {
                if (!value.isObject()) {
                    throw mismatch(path, "an object", value);
                }
                Map<String, Object> map = new LinkedHashMap<>();
                PortDefinition child = port.children().get(0);
                Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    map.put(field.getKey(), expandElement(field.getValue(), child, type.element(),
                            path + "[\"" + field.getKey() + "\"]"));
                }
                return map;
            }
            default:
                throw new CodecException(path, "has the Java shape " + shape + ", which cannot be read yet");
        }
    }

    /** Elements of a LIST or values of a DICT: a null element is allowed only when the child port is nullable. */
    private Object expandElement(JsonNode value, PortDefinition child, JavaType type, String path) throws CodecException {
        if ((value == null || value.isNull()) && !child.nullable() && !isOptional(type.shape())) {
            throw new CodecException(path, "must not be null");
        }
        return expand(value, child, type, path);
    }

    private Object sequence(JsonNode value, PortDefinition port, JavaType type, String path) throws CodecException {
        if (!value.isArray()) {
            throw mismatch(path, "an array", value);
        }
        PortDefinition child = port.children().get(0);
        JavaType element = type.element();
        int size = value.size();
        if (type.shape() == Shape.ARRAY) {
            Object array = newArray(element, size, path);
            for (int i = 0; i < size; i++) {
                Object item = expandElement(value.get(i), child, element, path + "[" + i + "]");
                ArrayAccess.set(array, i, item);
            }
            return array;
        }
        Collection<Object> collection = type.shape() == Shape.SET ? new LinkedHashSet<>(size * 2) : new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            collection.add(expandElement(value.get(i), child, element, path + "[" + i + "]"));
        }
        return collection;
    }

    private Object newArray(JavaType element, int size, String path) throws CodecException {
        Object array = ArrayAccess.newArray(element.shape(), size);
        if (array != null) {
            return array;
        }
        if (element.shape() == Shape.ENUM || element.shape() == Shape.RECORD) {
            return adapter(element, path).newArray(size);
        }
        throw new CodecException(path, "is an array of " + element.shape() + ", which is not supported yet");
    }

    private Object record(JsonNode value, PortDefinition port, JavaType type, String path) throws CodecException {
        if (!value.isObject()) {
            throw mismatch(path, "an object", value);
        }
        List<PortDefinition> children = port.children();
        Object[] components = new Object[children.size()];
        for (int i = 0; i < components.length; i++) {
            PortDefinition child = children.get(i);
            components[i] = expand(value.get(child.key()), child, type.arguments().get(i), path + "." + child.key());
        }
        return adapter(type, path).construct(components);
    }

    private static Object integral(JsonNode value, String path, long min, long max, Shape shape) throws CodecException {
        BigInteger number;
        if (value.isIntegralNumber()) {
            number = value.bigIntegerValue();
        } else if (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0) {
            number = value.decimalValue().toBigInteger();
        } else if (value.isTextual()) {
            try {
                number = new BigInteger(value.textValue().trim());
            } catch (NumberFormatException e) {
                throw mismatch(path, "an integer", value);
            }
        } else {
            throw mismatch(path, "an integer", value);
        }
        if (shape == Shape.BIG_INTEGER) {
            return number;
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new CodecException(path, "must be between " + min + " and " + max + ", got " + number);
        }
        long l = number.longValue();
        return switch (shape) {
            case BYTE -> (byte) l;
            case SHORT -> (short) l;
            case INTEGER -> (int) l;
            default -> l;
        };
    }

    private static Object floating(JsonNode value, String path, Shape shape) throws CodecException {
        BigDecimal number;
        if (value.isNumber()) {
            number = value.decimalValue();
        } else if (value.isTextual()) {
            try {
                number = new BigDecimal(value.textValue().trim());
            } catch (NumberFormatException e) {
                throw mismatch(path, "a number", value);
            }
        } else {
            throw mismatch(path, "a number", value);
        }
        return switch (shape) {
            case FLOAT -> number.floatValue();
            case DOUBLE -> number.doubleValue();
            default -> number;
        };
    }

    private static Object date(JsonNode value, Shape shape, String path) throws CodecException {
        if (!value.isTextual()) {
            throw mismatch(path, "an ISO-8601 date string", value);
        }
        String text = value.textValue();
        try {
            switch (shape) {
                case INSTANT:
                    return OffsetDateTime.parse(text).toInstant();
                case OFFSET_DATE_TIME:
                    return OffsetDateTime.parse(text);
                case ZONED_DATE_TIME:
                    return ZonedDateTime.parse(text);
                case LOCAL_DATE_TIME:
                    return text.length() > 19 && (text.endsWith("Z") || text.lastIndexOf('+') > 10
                            || text.lastIndexOf('-') > 10) ? OffsetDateTime.parse(text).toLocalDateTime()
                                    : LocalDateTime.parse(text);
                default:
                    return text.length() > 10 ? OffsetDateTime.parse(text).toLocalDate() : LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            throw mismatch(path, "an ISO-8601 date string", value);
        }
    }

    private Object empty(Shape shape, PortDefinition port, String path) throws CodecException {
        return switch (shape) {
            case OPTIONAL -> Optional.empty();
            case OPTIONAL_INT -> OptionalInt.empty();
            case OPTIONAL_LONG -> OptionalLong.empty();
            case OPTIONAL_DOUBLE -> OptionalDouble.empty();
            default -> {
                if (shape.isPrimitive()) {
                    throw new CodecException(path, "is required: it has no default and is not nullable");
                }
                yield null;
            }
        };
    }

    private static boolean isOptional(Shape shape) {
        return shape == Shape.OPTIONAL || shape == Shape.OPTIONAL_INT || shape == Shape.OPTIONAL_LONG
                || shape == Shape.OPTIONAL_DOUBLE;
    }

    // ---------------------------------------------------------------- shrink: Java -> JSON

    /** The wire value of one return port. */
    public JsonNode shrink(Object value, PortDefinition port, JavaType type, String path) throws CodecException {
        if (value instanceof Optional<?> optional) {
            value = optional.orElse(null);
        } else if (value instanceof OptionalInt optional) {
            value = optional.isPresent() ? optional.getAsInt() : null;
        } else if (value instanceof OptionalLong optional) {
            value = optional.isPresent() ? optional.getAsLong() : null;
        } else if (value instanceof OptionalDouble optional) {
            value = optional.isPresent() ? optional.getAsDouble() : null;
        }
        JavaType javaType = type.shape() == Shape.OPTIONAL ? type.element() : type;
        if (value == null) {
            if (port.nullable() || isOptional(type.shape())) {
                return NODES.nullNode();
            }
            throw new CodecException(path, "is null, but the port is not nullable");
        }
        switch (port.kind()) {
            case INT:
                if (value instanceof BigInteger big) {
                    return NODES.numberNode(big);
                }
                return NODES.numberNode(((Number) value).longValue());
            case FLOAT:
                if (value instanceof BigDecimal big) {
                    return NODES.numberNode(big);
                }
                double d = ((Number) value).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new CodecException(path, "is " + d + ", which JSON cannot carry");
                }
                return NODES.numberNode(d);
            case BOOL:
                return NODES.booleanNode((Boolean) value);
            case STRING:
                return NODES.textNode(value.toString());
            case DATE:
                return NODES.textNode(value.toString());
            case ENUM:
                return NODES.textNode(((Enum<?>) value).name());
            case LIST: {
                ArrayNode array = NODES.arrayNode();
                PortDefinition child = port.children().get(0);
                JavaType element = javaType.element();
                if (javaType.shape() == Shape.ARRAY) {
                    int length = ArrayAccess.length(value);
                    for (int i = 0; i < length; i++) {
                        array.add(shrink(ArrayAccess.get(value, i), child, element, path + "[" + i + "]"));
                    }
                } else {
                    int i = 0;
                    for (Object item : (Iterable<?>) value) {
                        array.add(shrink(item, child, element, path + "[" + i++ + "]"));
                    }
                }
                return array;
            }
            case DICT: {
                ObjectNode object = NODES.objectNode();
                PortDefinition child = port.children().get(0);
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    object.set(key, shrink(entry.getValue(), child, javaType.element(), path + "[\"" + key + "\"]"));
                }
                return object;
            }
            case MODEL: {
                ObjectNode object = NODES.objectNode();
                Object[] components = adapter(javaType, path).components(value);
                List<PortDefinition> children = port.children();
                for (int i = 0; i < children.size(); i++) {
                    PortDefinition child = children.get(i);
                    object.set(child.key(), shrink(components[i], child, javaType.arguments().get(i), path + "." + child.key()));
                }
                if (port.identifier() != null) {
                    object.put("__identifier", port.identifier());
                }
                return object;
            }
            default:
                throw new CodecException(path, "is a " + port.kind() + " port, which cannot be written yet");
        }
    }

    // ---------------------------------------------------------------- helpers

    private TypeAdapter adapter(JavaType type, String path) throws CodecException {
        TypeAdapter adapter = adapters.get(type.adapter());
        if (adapter == null) {
            throw new CodecException(path, "has no generated adapter for its type " + type.adapter());
        }
        return adapter;
    }

    private static String choices(PortDefinition port) {
        List<String> values = new ArrayList<>();
        port.choices().forEach(choice -> values.add(choice.value()));
        return values.toString();
    }

    private static CodecException mismatch(String path, String expected, JsonNode value) {
        return new CodecException(path, "must be " + expected + ", got " + describe(value));
    }

    private static String describe(JsonNode value) {
        String type = switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string";
            case NUMBER -> "the number";
            case BOOLEAN -> "the boolean";
            default -> "";
        };
        if (value.isContainerNode()) {
            return type;
        }
        return type + " " + abbreviate(value);
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /** Whether {@code kind} is one this codec reads and writes. */
    public static boolean supports(PortKind kind) {
        return kind != PortKind.STRUCTURE && kind != PortKind.MEMORY_STRUCTURE && kind != PortKind.UNION;
    }
}
