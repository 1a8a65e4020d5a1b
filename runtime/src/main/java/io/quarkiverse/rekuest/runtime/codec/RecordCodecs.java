package io.quarkiverse.rekuest.runtime.codec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkiverse.rekuest.runtime.definition.Choice;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;

import static io.quarkiverse.rekuest.runtime.codec.Codecs.IDENTIFIER;
import static io.quarkiverse.rekuest.runtime.codec.Codecs.NODES;
import static io.quarkiverse.rekuest.runtime.codec.Codecs.all;
import static io.quarkiverse.rekuest.runtime.codec.Codecs.mismatch;

/**
 * The codecs of the kinds a generated {@link TypeAdapter} reads and builds, by value: ENUM (a constant by its name),
 * MODEL (a record, its components by key) and UNION (a sealed interface, {@code {"__use": index, "__value": value}}).
 */
final class RecordCodecs {

    static final String USE = "__use";
    static final String VALUE = "__value";

    private RecordCodecs() {
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
}
