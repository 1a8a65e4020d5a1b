package io.quarkiverse.rekuest.runtime.codec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.quarkiverse.rekuest.runtime.codec.Codecs.IDENTIFIER;
import static io.quarkiverse.rekuest.runtime.codec.Codecs.NODES;
import static io.quarkiverse.rekuest.runtime.codec.Codecs.mismatch;

/**
 * The codecs of the kinds sent by reference, {@code {"__identifier": ..., "object": id}}: STRUCTURE (the application's
 * generated {@link StructureAdapter} turns the id into the object and back, asynchronously) and MEMORY_STRUCTURE (the
 * value stays in this agent's {@link MemoryShelve}; shrinking shelves it).
 */
final class ReferenceCodecs {

    static final String OBJECT = "object";

    private ReferenceCodecs() {
    }

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
}
