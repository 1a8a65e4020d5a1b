package io.quarkiverse.rekuest.runtime.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;

import static io.quarkiverse.rekuest.runtime.codec.Codecs.NODES;
import static io.quarkiverse.rekuest.runtime.codec.Codecs.all;
import static io.quarkiverse.rekuest.runtime.codec.Codecs.mismatch;

/**
 * The codecs of the container kinds: LIST (a JSON array) and DICT (a JSON object with string keys). Each nests one
 * level deeper, names the failing element in the error path ({@code [2]}, {@code ["key"]}), and is asynchronous when
 * its element is.
 */
final class ContainerCodecs {

    private ContainerCodecs() {
    }

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
}
