package io.quarkiverse.rekuest.runtime.codec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * What the codecs of every port kind share. Each kind's expand and shrink rules are read in one place: nulls, defaults
 * and {@code Optional}s of every port in {@link PortValue}; then, each handling a present (non-null) value,
 * {@link ScalarCodecs} (booleans, numbers, strings, dates), {@link ContainerCodecs} (lists and dicts),
 * {@link RecordCodecs} (records, unions and enums, through generated {@link TypeAdapter}s) and
 * {@link ReferenceCodecs} (structures and memory structures, sent by reference).
 */
final class Codecs {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The key that names a model's or a reference's type on the wire. */
    static final String IDENTIFIER = "__identifier";

    private Codecs() {
    }

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
