package io.quarkiverse.rekuest.runtime.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;
import io.quarkiverse.rekuest.runtime.definition.Choice;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;

/** The codecs of every port kind. Each handles a present (non-null) value; {@link PortValue} handles nulls. */
final class Codecs {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String IDENTIFIER = "__identifier";
    static final String OBJECT = "object";
    static final String USE = "__use";
    static final String VALUE = "__value";

    private Codecs() {
    }

    // ================================================================== nulls, defaults, Optional

    /** Every port: missing or null → default, else empty when nullable, else an error; wraps Optionals. */
    static final class PortValue extends ValueCodec {
        private final JsonNode defaultValue;
        private final Shape wrapper;
        private final boolean nullAllowed;
        private final boolean sendNull;
        private final boolean primitive;
        private final ValueCodec inner;

        PortValue(PortDefinition port, JsonNode defaultValue, Shape wrapper, boolean primitive, ValueCodec inner) {
            super(inner.expandsAsync(), inner.shrinksAsync());
            this.defaultValue = defaultValue == null || defaultValue.isNull() ? null : defaultValue;
            this.wrapper = wrapper;
            this.nullAllowed = !primitive && (port.nullable() || wrapper != null);
            this.sendNull = nullAllowed || this.defaultValue != null;
            this.primitive = primitive;
            this.inner = inner;
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (value == null || value.isNull() || value.isMissingNode()) {
                if (defaultValue != null) {
                    return wrap(inner.expand(defaultValue, depth));
                }
                return empty(value == null || value.isMissingNode());
            }
            return wrap(inner.expand(value, depth));
        }

        @Override
        public CompletionStage<Object> expandAsync(JsonNode value, int depth) {
            if (!expandsAsync()) {
                return super.expandAsync(value, depth);
            }
            if (value == null || value.isNull() || value.isMissingNode()) {
                if (defaultValue != null) {
                    // the same rule as expand(): a missing or null value takes the port's default
                    return inner.expandAsync(defaultValue, depth).thenApply(this::wrap);
                }
                try {
                    return CompletableFuture.completedFuture(empty(value == null || value.isMissingNode()));
                } catch (CodecException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            return inner.expandAsync(value, depth).thenApply(this::wrap);
        }

        private Object empty(boolean missing) throws CodecException {
            if (wrapper != null) {
                return switch (wrapper) {
                    case OPTIONAL_INT -> OptionalInt.empty();
                    case OPTIONAL_LONG -> OptionalLong.empty();
                    case OPTIONAL_DOUBLE -> OptionalDouble.empty();
                    default -> Optional.empty();
                };
            }
            if (!nullAllowed) {
                throw new CodecException("", missing ? "is required: it has no default and is not nullable"
                        : "is null, but the port is not nullable and has no default");
            }
            return null;
        }

        private Object wrap(Object value) {
            if (wrapper == null) {
                return value;
            }
            return switch (wrapper) {
                case OPTIONAL_INT -> OptionalInt.of((Integer) value);
                case OPTIONAL_LONG -> OptionalLong.of((Long) value);
                case OPTIONAL_DOUBLE -> OptionalDouble.of((Double) value);
                default -> Optional.of(value);
            };
        }

        private Object unwrap(Object value) {
            if (wrapper == null || value == null) {
                return value;
            }
            if (value instanceof Optional<?> o) {
                return o.orElse(null);
            }
            if (value instanceof OptionalInt o) {
                return o.isPresent() ? o.getAsInt() : null;
            }
            if (value instanceof OptionalLong o) {
                return o.isPresent() ? o.getAsLong() : null;
            }
            if (value instanceof OptionalDouble o) {
                return o.isPresent() ? o.getAsDouble() : null;
            }
            return value;
        }

        @Override
        public JsonNode shrink(Object value, int depth) throws CodecException {
            Object present = unwrap(value);
            if (present == null) {
                return nullNode();
            }
            return inner.shrink(present, depth);
        }

        @Override
        public CompletionStage<JsonNode> shrinkAsync(Object value, int depth) {
            if (!shrinksAsync()) {
                return super.shrinkAsync(value, depth);
            }
            Object present = unwrap(value);
            if (present == null) {
                try {
                    return CompletableFuture.completedFuture(nullNode());
                } catch (CodecException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            return inner.shrinkAsync(present, depth);
        }

        private JsonNode nullNode() throws CodecException {
            if (!sendNull) {
                throw new CodecException("", "is null, but the port is not nullable");
            }
            return NullNode.instance;
        }

        boolean primitive() {
            return primitive;
        }
    }

    // ================================================================== scalars

    static final class Bool extends ValueCodec {
        Bool() {
            super(false, false);
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (!value.isBoolean()) {
                throw mismatch("a boolean", value);
            }
            return value.booleanValue();
        }

        @Override
        public JsonNode shrink(Object value, int depth) {
            return BooleanNode.valueOf((Boolean) value);
        }
    }

    static final class Int extends ValueCodec {
        private final Shape shape;
        private final long min;
        private final long max;

        Int(Shape shape) {
            super(false, false);
            this.shape = shape;
            switch (shape) {
                case BYTE -> {
                    min = Byte.MIN_VALUE;
                    max = Byte.MAX_VALUE;
                }
                case SHORT -> {
                    min = Short.MIN_VALUE;
                    max = Short.MAX_VALUE;
                }
                case INTEGER -> {
                    min = Integer.MIN_VALUE;
                    max = Integer.MAX_VALUE;
                }
                default -> {
                    min = Long.MIN_VALUE;
                    max = Long.MAX_VALUE;
                }
            }
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return fit(value.longValue(), value);
            }
            BigInteger number;
            if (value.isIntegralNumber()) {
                number = value.bigIntegerValue();
            } else if (value.isNumber()) {
                if (beyondDouble(value)) {
                    throw mismatch("an integer", value);
                }
                BigDecimal decimal = value.decimalValue();
                if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
                    throw mismatch("an integer", value);
                }
                number = decimal.toBigInteger();
            } else if (value.isTextual()) {
                try {
                    number = new BigInteger(value.textValue().trim());
                } catch (NumberFormatException e) {
                    throw mismatch("an integer", value);
                }
            } else {
                throw mismatch("an integer", value);
            }
            if (shape == Shape.BIG_INTEGER) {
                return number;
            }
            if (number.bitLength() > 63) {
                throw range(number.toString());
            }
            return fit(number.longValue(), value);
        }

        private Object fit(long l, JsonNode value) throws CodecException {
            if (shape == Shape.BIG_INTEGER) {
                return BigInteger.valueOf(l);
            }
            if (l < min || l > max) {
                throw range(Long.toString(l));
            }
            return switch (shape) {
                case BYTE -> (byte) l;
                case SHORT -> (short) l;
                case INTEGER -> (int) l;
                default -> l;
            };
        }

        private CodecException range(String number) {
            return new CodecException("", "must be between " + min + " and " + max + " (a Java " + javaName() + "), got "
                    + number);
        }

        private String javaName() {
            return switch (shape) {
                case BYTE -> "byte";
                case SHORT -> "short";
                case INTEGER -> "int";
                default -> "long";
            };
        }

        @Override
        public JsonNode shrink(Object value, int depth) {
            return switch (shape) {
                case BIG_INTEGER -> NODES.numberNode((BigInteger) value);
                case LONG -> NODES.numberNode((Long) value);
                default -> NODES.numberNode(((Number) value).intValue());
            };
        }
    }

    /** A JSON number the parser could only hold as an infinite double (e.g. {@code 1e400}). */
    static boolean beyondDouble(JsonNode value) {
        return value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue());
    }

    static final class Floating extends ValueCodec {
        private final Shape shape;

        Floating(Shape shape) {
            super(false, false);
            this.shape = shape;
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (value.isNumber()) {
                if (shape == Shape.BIG_DECIMAL) {
                    if (beyondDouble(value)) {
                        throw mismatch("a number within the range of a double", value);
                    }
                    return value.decimalValue();
                }
                double d = value.isBigDecimal() || value.isBigInteger() ? value.decimalValue().doubleValue()
                        : value.doubleValue();
                return finite(d, value.toString());
            }
            if (value.isTextual()) {
                BigDecimal number;
                try {
                    number = new BigDecimal(value.textValue().trim());
                } catch (NumberFormatException e) {
                    throw mismatch("a number (NaN and infinities are not numbers in JSON)", value);
                }
                return shape == Shape.BIG_DECIMAL ? number : finite(number.doubleValue(), value.textValue());
            }
            throw mismatch("a number", value);
        }

        private Object finite(double d, String written) throws CodecException {
            if (shape == Shape.FLOAT) {
                float f = (float) d;
                if (Float.isInfinite(f)) {
                    throw new CodecException("", "must fit a Java float, got " + written);
                }
                return f;
            }
            if (Double.isInfinite(d) || Double.isNaN(d)) {
                throw new CodecException("", "must fit a Java double, got " + written);
            }
            return d;
        }

        @Override
        public JsonNode shrink(Object value, int depth) throws CodecException {
            return switch (shape) {
                case BIG_DECIMAL -> NODES.numberNode((BigDecimal) value);
                case FLOAT -> {
                    float f = (Float) value;
                    if (Float.isNaN(f) || Float.isInfinite(f)) {
                        throw new CodecException("", "is " + f + ", which JSON cannot carry");
                    }
                    yield NODES.numberNode(f);
                }
                default -> {
                    double d = ((Number) value).doubleValue();
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        throw new CodecException("", "is " + d + ", which JSON cannot carry");
                    }
                    yield NODES.numberNode(d);
                }
            };
        }
    }

    static final class Text extends ValueCodec {
        private final boolean character;

        Text(boolean character) {
            super(false, false);
            this.character = character;
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (!value.isTextual()) {
                throw mismatch(character ? "a string of one character" : "a string", value);
            }
            String text = value.textValue();
            if (character) {
                if (text.length() != 1) {
                    throw mismatch("a string of one character", value);
                }
                return text.charAt(0);
            }
            return text;
        }

        @Override
        public JsonNode shrink(Object value, int depth) {
            return TextNode.valueOf(value.toString());
        }
    }

    static final class Date extends ValueCodec {
        private final Shape shape;

        Date(Shape shape) {
            super(false, false);
            this.shape = shape;
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (!value.isTextual()) {
                throw mismatch("an ISO-8601 date string", value);
            }
            String text = value.textValue().trim();
            if (text.length() > 10 && text.charAt(10) == ' ') {
                text = text.substring(0, 10) + 'T' + text.substring(11);
            }
            try {
                return switch (shape) {
                    case INSTANT -> offset(text).toInstant();
                    case OFFSET_DATE_TIME -> offset(text);
                    case ZONED_DATE_TIME -> text.endsWith("]") ? ZonedDateTime.parse(text) : offset(text).toZonedDateTime();
                    case LOCAL_DATE_TIME -> hasOffset(text) ? OffsetDateTime.parse(text).toLocalDateTime()
                            : text.length() == 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text);
                    default -> text.length() == 10 ? LocalDate.parse(text) : offset(text).toLocalDate();
                };
            } catch (DateTimeParseException e) {
                throw mismatch("an ISO-8601 date string", value);
            }
        }

        /** A date-time with offset; without one it is UTC; a bare date is its start. */
        private static OffsetDateTime offset(String text) {
            if (hasOffset(text)) {
                return OffsetDateTime.parse(text);
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
        }

        private static boolean hasOffset(String text) {
            if (text.length() <= 10) {
                return false;
            }
            char last = text.charAt(text.length() - 1);
            if (last == 'Z' || last == 'z') {
                return true;
            }
            int t = text.indexOf('T');
            return t > 0 && (text.indexOf('+', t) > 0 || text.indexOf('-', t) > 0);
        }

        @Override
        public JsonNode shrink(Object value, int depth) {
            String text = switch (shape) {
                case ZONED_DATE_TIME -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((ZonedDateTime) value);
                case INSTANT -> ((Instant) value).toString();
                default -> value.toString();
            };
            return TextNode.valueOf(text);
        }
    }

    static final class Enumeration extends ValueCodec {
        private final Map<String, Object> constants = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        Enumeration(PortDefinition port, TypeAdapter adapter) {
            super(false, false);
            for (Choice choice : port.choices()) {
                constants.put(choice.value(), adapter.enumConstant(choice.value()));
                names.add(choice.value());
            }
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            Object constant = value.isTextual() ? constants.get(value.textValue()) : null;
            if (constant == null) {
                throw mismatch("one of " + names, value);
            }
            return constant;
        }

        @Override
        public JsonNode shrink(Object value, int depth) {
            return TextNode.valueOf(((Enum<?>) value).name());
        }
    }

    // ================================================================== containers

    /** LIST: List, Set, Collection, arrays. Structures inside are expanded and shrunk concurrently. */
    static final class Sequence extends ValueCodec {
        private final Shape shape;
        private final Shape elementShape;
        private final TypeAdapter elementAdapter;
        private final ValueCodec element;

        private final Shape innerShape;

        Sequence(Shape shape, JavaType elementType, TypeAdapter elementAdapter, ValueCodec element) {
            super(element.expandsAsync(), element.shrinksAsync());
            this.shape = shape;
            this.elementShape = elementType.shape();
            this.innerShape = elementShape == Shape.ARRAY ? elementType.element().shape() : null;
            this.elementAdapter = elementAdapter;
            this.element = element;
        }

        private static String at(int i) {
            return "[" + i + "]";
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (expandsAsync()) {
                throw needsAsync();
            }
            if (!value.isArray()) {
                throw mismatch("an array", value);
            }
            checkDepth(depth + 1);
            int size = value.size();
            Object[] items = new Object[size];
            for (int i = 0; i < size; i++) {
                try {
                    items[i] = element.expand(value.get(i), depth + 1);
                } catch (CodecException e) {
                    throw e.within(at(i));
                }
            }
            return collect(items);
        }

        @Override
        public CompletionStage<Object> expandAsync(JsonNode value, int depth) {
            if (!expandsAsync()) {
                return super.expandAsync(value, depth);
            }
            if (!value.isArray()) {
                return CompletableFuture.failedFuture(mismatch("an array", value));
            }
            try {
                checkDepth(depth + 1);
            } catch (CodecException e) {
                return CompletableFuture.failedFuture(e);
            }
            int size = value.size();
            @SuppressWarnings("unchecked")
            CompletableFuture<Object>[] items = new CompletableFuture[size];
            for (int i = 0; i < size; i++) {
                items[i] = within(element.expandAsync(value.get(i), depth + 1), at(i));
            }
            return all(items).thenApply(values -> collect(values));
        }

        private Object collect(Object[] items) {
            switch (shape) {
                case ARRAY: {
                    Object array = innerShape != null ? ArrayAccess.newArrayOfArrays(innerShape, items.length)
                            : ArrayAccess.newArray(elementShape, items.length);
                    if (array == null && innerShape != null) {
                        array = new Object[items.length];
                    } else if (array == null) {
                        array = elementAdapter.newArray(items.length);
                    }
                    for (int i = 0; i < items.length; i++) {
                        ArrayAccess.set(array, i, items[i]);
                    }
                    return array;
                }
                case SET: {
                    LinkedHashSet<Object> set = new LinkedHashSet<>(Math.max(16, items.length * 2));
                    for (Object item : items) {
                        set.add(item);
                    }
                    return set;
                }
                default: {
                    ArrayList<Object> list = new ArrayList<>(items.length);
                    for (Object item : items) {
                        list.add(item);
                    }
                    return list;
                }
            }
        }

        private Object[] items(Object value) {
            if (shape == Shape.ARRAY) {
                int length = ArrayAccess.length(value);
                Object[] items = new Object[length];
                for (int i = 0; i < length; i++) {
                    items[i] = ArrayAccess.get(value, i);
                }
                return items;
            }
            return ((Collection<?>) value).toArray();
        }

        @Override
        public JsonNode shrink(Object value, int depth) throws CodecException {
            if (shrinksAsync()) {
                throw needsAsync();
            }
            checkDepth(depth + 1);
            ArrayNode array = NODES.arrayNode();
            if (value instanceof List<?> list && list instanceof java.util.RandomAccess) {
                for (int i = 0, n = list.size(); i < n; i++) {
                    array.add(shrinkItem(list.get(i), i, depth));
                }
                return array;
            }
            Object[] items = items(value);
            for (int i = 0; i < items.length; i++) {
                array.add(shrinkItem(items[i], i, depth));
            }
            return array;
        }

        private JsonNode shrinkItem(Object item, int i, int depth) throws CodecException {
            try {
                return element.shrink(item, depth + 1);
            } catch (CodecException e) {
                throw e.within(at(i));
            }
        }

        @Override
        public CompletionStage<JsonNode> shrinkAsync(Object value, int depth) {
            if (!shrinksAsync()) {
                return super.shrinkAsync(value, depth);
            }
            try {
                checkDepth(depth + 1);
            } catch (CodecException e) {
                return CompletableFuture.failedFuture(e);
            }
            Object[] items = items(value);
            @SuppressWarnings("unchecked")
            CompletableFuture<Object>[] shrunk = new CompletableFuture[items.length];
            for (int i = 0; i < items.length; i++) {
                shrunk[i] = within(element.shrinkAsync(items[i], depth + 1), at(i)).thenApply(node -> (Object) node);
            }
            return all(shrunk).thenApply(nodes -> {
                ArrayNode array = NODES.arrayNode();
                for (Object node : nodes) {
                    array.add((JsonNode) node);
                }
                return array;
            });
        }
    }

    /** DICT: {@code Map<String, T>}. */
    static final class Dict extends ValueCodec {
        private final ValueCodec value;

        Dict(ValueCodec value) {
            super(value.expandsAsync(), value.shrinksAsync());
            this.value = value;
        }

        private static String at(String key) {
            return "[\"" + key + "\"]";
        }

        @Override
        public Object expand(JsonNode object, int depth) throws CodecException {
            if (expandsAsync()) {
                throw needsAsync();
            }
            if (!object.isObject()) {
                throw mismatch("an object", object);
            }
            checkDepth(depth + 1);
            Map<String, Object> map = new LinkedHashMap<>(Math.max(16, object.size() * 2));
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                try {
                    map.put(field.getKey(), value.expand(field.getValue(), depth + 1));
                } catch (CodecException e) {
                    throw e.within(at(field.getKey()));
                }
            }
            return map;
        }

        @Override
        public CompletionStage<Object> expandAsync(JsonNode object, int depth) {
            if (!expandsAsync()) {
                return super.expandAsync(object, depth);
            }
            if (!object.isObject()) {
                return CompletableFuture.failedFuture(mismatch("an object", object));
            }
            try {
                checkDepth(depth + 1);
            } catch (CodecException e) {
                return CompletableFuture.failedFuture(e);
            }
            List<String> keys = new ArrayList<>();
            List<CompletableFuture<Object>> values = new ArrayList<>();
            object.fields().forEachRemaining(field -> {
                keys.add(field.getKey());
                values.add(within(value.expandAsync(field.getValue(), depth + 1), at(field.getKey())));
            });
            @SuppressWarnings("unchecked")
            CompletableFuture<Object>[] array = values.toArray(CompletableFuture[]::new);
            return all(array).thenApply(expanded -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < expanded.length; i++) {
                    map.put(keys.get(i), expanded[i]);
                }
                return map;
            });
        }

        @Override
        public JsonNode shrink(Object map, int depth) throws CodecException {
            if (shrinksAsync()) {
                throw needsAsync();
            }
            checkDepth(depth + 1);
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
                String key = String.valueOf(entry.getKey());
                try {
                    object.set(key, value.shrink(entry.getValue(), depth + 1));
                } catch (CodecException e) {
                    throw e.within(at(key));
                }
            }
            return object;
        }

        @Override
        public CompletionStage<JsonNode> shrinkAsync(Object map, int depth) {
            if (!shrinksAsync()) {
                return super.shrinkAsync(map, depth);
            }
            try {
                checkDepth(depth + 1);
            } catch (CodecException e) {
                return CompletableFuture.failedFuture(e);
            }
            List<String> keys = new ArrayList<>();
            List<CompletableFuture<Object>> values = new ArrayList<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
                String key = String.valueOf(entry.getKey());
                keys.add(key);
                values.add(within(value.shrinkAsync(entry.getValue(), depth + 1), at(key)).thenApply(n -> (Object) n));
            }
            @SuppressWarnings("unchecked")
            CompletableFuture<Object>[] array = values.toArray(CompletableFuture[]::new);
            return all(array).thenApply(nodes -> {
                ObjectNode object = NODES.objectNode();
                for (int i = 0; i < nodes.length; i++) {
                    object.set(keys.get(i), (JsonNode) nodes[i]);
                }
                return object;
            });
        }
    }

    /** MODEL: a record, by value, with {@code __identifier}. Also a returns tuple, keyed return0..n, without it. */
    static final class Model extends ValueCodec {
        private final String identifier;
        private final TypeAdapter adapter;
        private final String[] keys;
        private final ValueCodec[] components;

        Model(String identifier, TypeAdapter adapter, List<String> keys, List<ValueCodec> components) {
            super(components.stream().anyMatch(ValueCodec::expandsAsync),
                    components.stream().anyMatch(ValueCodec::shrinksAsync));
            this.identifier = identifier;
            this.adapter = adapter;
            this.keys = keys.toArray(String[]::new);
            this.components = components.toArray(ValueCodec[]::new);
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (expandsAsync()) {
                throw needsAsync();
            }
            if (!value.isObject()) {
                throw mismatch("an object", value);
            }
            checkDepth(depth + 1);
            Object[] values = new Object[components.length];
            for (int i = 0; i < values.length; i++) {
                try {
                    values[i] = components[i].expand(value.get(keys[i]), depth + 1);
                } catch (CodecException e) {
                    throw e.within(keys[i]);
                }
            }
            return adapter.construct(values);
        }

        @Override
        public CompletionStage<Object> expandAsync(JsonNode value, int depth) {
            if (!expandsAsync()) {
                return super.expandAsync(value, depth);
            }
            if (!value.isObject()) {
                return CompletableFuture.failedFuture(mismatch("an object", value));
            }
            try {
                checkDepth(depth + 1);
            } catch (CodecException e) {
                return CompletableFuture.failedFuture(e);
            }
            @SuppressWarnings("unchecked")
            CompletableFuture<Object>[] values = new CompletableFuture[components.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = within(components[i].expandAsync(value.get(keys[i]), depth + 1), keys[i]);
            }
            return all(values).thenApply(adapter::construct);
        }

        @Override
        public JsonNode shrink(Object value, int depth) throws CodecException {
            if (shrinksAsync()) {
                throw needsAsync();
            }
            checkDepth(depth + 1);
            Object[] values = adapter.components(value);
            ObjectNode object = NODES.objectNode();
            for (int i = 0; i < components.length; i++) {
                try {
                    object.set(keys[i], components[i].shrink(values[i], depth + 1));
                } catch (CodecException e) {
                    throw e.within(keys[i]);
                }
            }
            if (identifier != null) {
                object.put(IDENTIFIER, identifier);
            }
            return object;
        }

        @Override
        public CompletionStage<JsonNode> shrinkAsync(Object value, int depth) {
            if (!shrinksAsync()) {
                return super.shrinkAsync(value, depth);
            }
            try {
                checkDepth(depth + 1);
            } catch (CodecException e) {
                return CompletableFuture.failedFuture(e);
            }
            Object[] values = adapter.components(value);
            @SuppressWarnings("unchecked")
            CompletableFuture<Object>[] shrunk = new CompletableFuture[components.length];
            for (int i = 0; i < components.length; i++) {
                shrunk[i] = within(components[i].shrinkAsync(values[i], depth + 1), keys[i]).thenApply(n -> (Object) n);
            }
            return all(shrunk).thenApply(nodes -> {
                ObjectNode object = NODES.objectNode();
                for (int i = 0; i < nodes.length; i++) {
                    object.set(keys[i], (JsonNode) nodes[i]);
                }
                if (identifier != null) {
                    object.put(IDENTIFIER, identifier);
                }
                return object;
            });
        }
    }

    /** UNION: {@code {"__use": index, "__value": value}}; the variant is picked with generated instanceof checks. */
    static final class Union extends ValueCodec {
        private final TypeAdapter[] adapters;
        private final ValueCodec[] variants;

        Union(List<TypeAdapter> adapters, List<ValueCodec> variants) {
            super(variants.stream().anyMatch(ValueCodec::expandsAsync), variants.stream().anyMatch(ValueCodec::shrinksAsync));
            this.adapters = adapters.toArray(TypeAdapter[]::new);
            this.variants = variants.toArray(ValueCodec[]::new);
        }

        private int use(JsonNode value) throws CodecException {
            if (!value.isObject()) {
                throw mismatch("an object {\"__use\": index, \"__value\": value}", value);
            }
            JsonNode use = value.get(USE);
            if (use == null || !use.canConvertToInt() || !use.isIntegralNumber()) {
                throw new CodecException(USE, "must be the index of a variant, got " + (use == null ? "nothing" : use));
            }
            int index = use.intValue();
            if (index < 0 || index >= variants.length) {
                throw new CodecException(USE, "is " + index + ", but the union has " + variants.length + " variants");
            }
            return index;
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (expandsAsync()) {
                throw needsAsync();
            }
            int index = use(value);
            checkDepth(depth + 1);
            try {
                return variants[index].expand(value.get(VALUE), depth + 1);
            } catch (CodecException e) {
                throw e.within(VALUE);
            }
        }

        @Override
        public CompletionStage<Object> expandAsync(JsonNode value, int depth) {
            if (!expandsAsync()) {
                return super.expandAsync(value, depth);
            }
            try {
                int index = use(value);
                checkDepth(depth + 1);
                return within(variants[index].expandAsync(value.get(VALUE), depth + 1), VALUE);
            } catch (CodecException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private int variant(Object value) throws CodecException {
            for (int i = 0; i < adapters.length; i++) {
                if (adapters[i].isInstance(value)) {
                    return i;
                }
            }
            throw new CodecException("", "is a " + value.getClass().getName() + ", which is none of the union's variants");
        }

        @Override
        public JsonNode shrink(Object value, int depth) throws CodecException {
            if (shrinksAsync()) {
                throw needsAsync();
            }
            int index = variant(value);
            checkDepth(depth + 1);
            ObjectNode object = NODES.objectNode();
            object.put(USE, index);
            try {
                object.set(VALUE, variants[index].shrink(value, depth + 1));
            } catch (CodecException e) {
                throw e.within(VALUE);
            }
            return object;
        }

        @Override
        public CompletionStage<JsonNode> shrinkAsync(Object value, int depth) {
            if (!shrinksAsync()) {
                return super.shrinkAsync(value, depth);
            }
            try {
                int index = variant(value);
                checkDepth(depth + 1);
                return within(variants[index].shrinkAsync(value, depth + 1), VALUE).thenApply(node -> {
                    ObjectNode object = NODES.objectNode();
                    object.put(USE, index);
                    object.set(VALUE, node);
                    return object;
                });
            } catch (CodecException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    // ================================================================== by reference

    /** The id in {@code {"__identifier": ..., "object": id}} (a bare string is accepted too). */
    static String reference(JsonNode value, String identifier) throws CodecException {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (!value.isObject()) {
            throw mismatch("{\"__identifier\": \"" + identifier + "\", \"object\": id}", value);
        }
        JsonNode declared = value.get(IDENTIFIER);
        if (declared != null && !declared.isNull() && !identifier.equals(declared.asText())) {
            throw new CodecException("", "is a " + declared.asText() + ", not a " + identifier);
        }
        JsonNode object = value.get(OBJECT);
        if (object == null || !(object.isTextual() || object.isIntegralNumber())) {
            throw new CodecException(OBJECT, "must be the id of the " + identifier + ", got "
                    + (object == null ? "nothing" : object));
        }
        return object.asText();
    }

    static ObjectNode referenceNode(String identifier, String id) {
        ObjectNode object = NODES.objectNode();
        object.put(IDENTIFIER, identifier);
        object.put(OBJECT, id);
        return object;
    }

    /** STRUCTURE: shrunk to its id and expanded from it by the type's generated adapter, asynchronously. */
    static final class StructureRef extends ValueCodec {
        private final String identifier;
        private final StructureAdapter adapter;

        StructureRef(String identifier, StructureAdapter adapter) {
            super(true, true);
            this.identifier = identifier;
            this.adapter = adapter;
        }

        @Override
        public Object expand(JsonNode value, int depth) {
            throw needsAsync();
        }

        @Override
        public CompletionStage<Object> expandAsync(JsonNode value, int depth) {
            String id;
            CompletionStage<Object> expanded;
            try {
                id = reference(value, identifier);
                expanded = adapter.expand(id);
            } catch (CodecException e) {
                return CompletableFuture.failedFuture(e);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(cannot("expand", id(value), e));
            }
            return expanded.toCompletableFuture().handle((object, failure) -> {
                if (failure != null) {
                    throw new CompletionException(cannot("expand", id, failure));
                }
                if (object == null) {
                    throw new CompletionException(new CodecException("", "expanded to null: the " + identifier + " "
                            + id + " was not found"));
                }
                return object;
            });
        }

        private static String id(JsonNode value) {
            JsonNode object = value.get(OBJECT);
            return object == null ? value.toString() : object.asText();
        }

        private CodecException cannot(String what, String id, Throwable failure) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                    : failure;
            return new CodecException("", "could not " + what + " the " + identifier + " " + id + ": " + cause, cause);
        }

        @Override
        public JsonNode shrink(Object value, int depth) {
            throw needsAsync();
        }

        @Override
        public CompletionStage<JsonNode> shrinkAsync(Object value, int depth) {
            CompletionStage<String> shrunk;
            try {
                shrunk = adapter.shrink(value);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(cannot("shrink", "value", e));
            }
            return shrunk.toCompletableFuture().handle((id, failure) -> {
                if (failure != null) {
                    throw new CompletionException(cannot("shrink", "value", failure));
                }
                if (id == null) {
                    throw new CompletionException(new CodecException("", "shrank to a null id"));
                }
                return referenceNode(identifier, id);
            });
        }
    }

    /** MEMORY_STRUCTURE: shrinking shelves the value (async, registers a drawer); expanding finds it in the shelve. */
    static final class MemoryRef extends ValueCodec {
        private final String identifier;
        private final MemoryShelve shelve;

        MemoryRef(String identifier, MemoryShelve shelve) {
            super(false, true);
            this.identifier = identifier;
            this.shelve = shelve;
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            String id = reference(value, identifier);
            MemoryShelve.Drawer drawer = shelve.get(id);
            if (drawer == null) {
                throw new CodecException("", "names the memory drawer " + id + " (" + identifier
                        + "), which is not in this agent's shelve: another agent holds it, or it was collected");
            }
            if (!drawer.identifier().equals(identifier)) {
                throw new CodecException("", "names the memory drawer " + id + ", which holds a " + drawer.identifier()
                        + ", not a " + identifier);
            }
            return drawer.value();
        }

        @Override
        public JsonNode shrink(Object value, int depth) {
            throw needsAsync();
        }

        @Override
        public CompletionStage<JsonNode> shrinkAsync(Object value, int depth) {
            return shelve.put(identifier, value).toCompletableFuture().handle((id, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    throw new CompletionException(new CodecException("", "could not be shelved as a " + identifier
                            + ": " + cause.getMessage(), cause));
                }
                return referenceNode(identifier, id);
            });
        }
    }

    // ================================================================== helpers

    /** All values, in order, once every stage is done; fails with the first failure (by index). */
    static CompletableFuture<Object[]> all(CompletableFuture<Object>[] stages) {
        return CompletableFuture.allOf(stages).handle((ignored, failure) -> {
            Object[] values = new Object[stages.length];
            for (int i = 0; i < stages.length; i++) {
                try {
                    values[i] = stages[i].join();
                } catch (CompletionException e) {
                    throw e;
                }
            }
            return values;
        });
    }

    static CodecException mismatch(String expected, JsonNode value) {
        return new CodecException("", "must be " + expected + ", got " + describe(value));
    }

    static String describe(JsonNode value) {
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
        String text = value.toString();
        return type + " " + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }
}
