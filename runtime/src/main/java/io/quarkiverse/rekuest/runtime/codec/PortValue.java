package io.quarkiverse.rekuest.runtime.codec;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;

/** Every port: missing or null → default, else empty when nullable, else an error; wraps Optionals. */
final class PortValue extends ValueCodec {
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
