package io.quarkiverse.rekuest.devserver.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one Jackson mapper of the server and small helpers around it. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** Sorted keys, for hashing canonical forms. */
    public static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
            true);

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Serialises straight to UTF-8 bytes (no intermediate String), for HTTP bodies. */
    public static io.vertx.core.buffer.Buffer writeBuffer(Object value) {
        try {
            return io.vertx.core.buffer.Buffer.buffer(MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * ISO-8601 with offset ({@code 2026-08-20T10:00:00.123Z}), the form every DateTime of the server takes.
     * {@link OffsetDateTime#toString()} gives it several times cheaper than {@code ISO_OFFSET_DATE_TIME}.
     */
    public static String isoDateTime(java.time.OffsetDateTime t) {
        return t.toString();
    }

    /** Converts a JSON tree into plain Java values (maps, lists, numbers, strings), as GraphQL scalars want. */
    public static Object toJava(JsonNode node) {
        return node == null || node.isNull() ? null : MAPPER.convertValue(node, Object.class);
    }

    /** Converts plain Java values into a JSON tree. */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
