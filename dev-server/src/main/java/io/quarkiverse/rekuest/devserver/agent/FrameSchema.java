package io.quarkiverse.rekuest.devserver.agent;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shape of every frame an agent may send on {@code /agi} (server v2.2.0 {@code FromAgentMessage}). A frame that
 * does not fit gets PROTOCOL_ERROR and close 3003. Unknown fields are ignored, except on REGISTER, which is strict.
 */
public final class FrameSchema {

    /** What a field may hold. */
    enum FieldType {
        STRING,
        OPTIONAL_STRING,
        OPTIONAL_BOOLEAN,
        OPTIONAL_INT,
        OPTIONAL_PROGRESS,
        OPTIONAL_OBJECT,
        OPTIONAL_LOG_LEVEL,
        OPTIONAL_STRING_LIST,
        OPTIONAL_ANY
    }

    private static final Set<String> LOG_LEVELS = Set.of("DEBUG", "INFO", "ERROR", "WARN", "CRITICAL");
    private static final Map<String, FrameSchema> SCHEMAS = new LinkedHashMap<>();

    static {
        define("REGISTER", true, "token", FieldType.STRING, "force", FieldType.OPTIONAL_BOOLEAN, "session_id",
                FieldType.OPTIONAL_STRING);
        define("HEARTBEAT_ANSWER", false);
        for (String report : new String[] { "STARTED", "COMPLETED", "CANCELLED", "INTERRUPTED", "PAUSED", "RESUMED" }) {
            define(report, false, "task", FieldType.STRING, "seq", FieldType.OPTIONAL_INT);
        }
        define("PROGRESS", false, "task", FieldType.STRING, "seq", FieldType.OPTIONAL_INT, "progress",
                FieldType.OPTIONAL_PROGRESS, "message", FieldType.OPTIONAL_STRING);
        define("LOG", false, "task", FieldType.STRING, "seq", FieldType.OPTIONAL_INT, "message", FieldType.STRING, "level",
                FieldType.OPTIONAL_LOG_LEVEL);
        define("YIELD", false, "task", FieldType.STRING, "seq", FieldType.OPTIONAL_INT, "returns", FieldType.OPTIONAL_OBJECT);
        define("FAILED", false, "task", FieldType.STRING, "seq", FieldType.OPTIONAL_INT, "error", FieldType.STRING);
        define("CRITICAL", false, "task", FieldType.STRING, "seq", FieldType.OPTIONAL_INT, "error", FieldType.STRING);
        define("ASSIGN_REQUEST", false, "reference", FieldType.STRING, "args", FieldType.OPTIONAL_OBJECT, "action",
                FieldType.OPTIONAL_STRING, "action_hash", FieldType.OPTIONAL_STRING, "implementation",
                FieldType.OPTIONAL_STRING, "agent", FieldType.OPTIONAL_STRING, "interface", FieldType.OPTIONAL_STRING,
                "dependency", FieldType.OPTIONAL_STRING, "method", FieldType.OPTIONAL_STRING, "parent",
                FieldType.OPTIONAL_STRING, "resolution", FieldType.OPTIONAL_STRING, "hooks", FieldType.OPTIONAL_ANY,
                "capture", FieldType.OPTIONAL_BOOLEAN, "ephemeral", FieldType.OPTIONAL_BOOLEAN, "step",
                FieldType.OPTIONAL_BOOLEAN);
        define("CANCEL_REQUEST", false, "task", FieldType.STRING, "auto_interrupt", FieldType.OPTIONAL_INT);
        define("INTERRUPT_REQUEST", false, "task", FieldType.STRING);
        define("PAUSE_REQUEST", false, "task", FieldType.STRING);
        define("RESUME_REQUEST", false, "task", FieldType.STRING, "step", FieldType.OPTIONAL_BOOLEAN);
        define("LOCK", false, "key", FieldType.STRING, "task", FieldType.STRING);
        define("UNLOCK", false, "key", FieldType.STRING);
        define("SESSION_INIT", false, "session_id", FieldType.STRING, "states", FieldType.OPTIONAL_OBJECT);
        define("STATE_SNAPSHOT", false, "session_id", FieldType.STRING, "global_rev", FieldType.OPTIONAL_INT, "snapshots",
                FieldType.OPTIONAL_OBJECT);
        define("STATE_PATCH", false, "session_id", FieldType.STRING, "global_rev", FieldType.OPTIONAL_INT, "state_name",
                FieldType.STRING, "op", FieldType.STRING, "path", FieldType.STRING, "value", FieldType.OPTIONAL_ANY,
                "old_value", FieldType.OPTIONAL_ANY, "task_id", FieldType.OPTIONAL_STRING, "ts", FieldType.OPTIONAL_ANY);
    }

    private final String type;
    private final boolean strict;
    private final Map<String, FieldType> fields = new LinkedHashMap<>();

    private FrameSchema(String type, boolean strict) {
        this.type = type;
        this.strict = strict;
    }

    private static void define(String type, boolean strict, Object... fieldsAndTypes) {
        FrameSchema schema = new FrameSchema(type, strict);
        for (int i = 0; i < fieldsAndTypes.length; i += 2) {
            schema.fields.put((String) fieldsAndTypes[i], (FieldType) fieldsAndTypes[i + 1]);
        }
        SCHEMAS.put(type, schema);
    }

    /**
     * Checks a parsed frame; returns null when it fits, else a message naming the frame type, the field and what is
     * expected.
     */
    public static String check(JsonNode frame) {
        if (!frame.isObject()) {
            return "A frame must be a JSON object, got " + kindOf(frame);
        }
        JsonNode type = frame.get("type");
        if (type == null || !type.isTextual()) {
            return "A frame needs a string field 'type'" + (type == null ? "" : ", got " + kindOf(type));
        }
        JsonNode id = frame.get("id");
        if (id != null && !id.isTextual()) {
            return type.asText() + ".id: must be a string, got " + kindOf(id);
        }
        FrameSchema schema = SCHEMAS.get(type.asText());
        if (schema == null) {
            return "Unknown frame type '" + truncate(type.asText()) + "'";
        }
        return schema.checkFields((ObjectNode) frame);
    }

    private String checkFields(ObjectNode frame) {
        if (strict) {
            for (Iterator<String> names = frame.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!name.equals("type") && !name.equals("id") && !fields.containsKey(name)) {
                    return type + "." + truncate(name) + ": extra inputs are not permitted (allowed: type, id, "
                            + String.join(", ", fields.keySet()) + ")";
                }
            }
        }
        for (Map.Entry<String, FieldType> field : fields.entrySet()) {
            String problem = checkField(frame.get(field.getKey()), field.getValue());
            if (problem != null) {
                return type + "." + field.getKey() + ": " + problem;
            }
        }
        return null;
    }

    private static String checkField(JsonNode value, FieldType expected) {
        boolean absent = value == null || value.isNull();
        switch (expected) {
            case STRING:
                return value == null ? "field required"
                        : value.isTextual() ? null : "must be a string, got " + kindOf(value);
            case OPTIONAL_STRING:
                return absent || value.isTextual() ? null : "must be a string or null, got " + kindOf(value);
            case OPTIONAL_BOOLEAN:
                return absent || value.isBoolean() ? null : "must be a boolean, got " + kindOf(value);
            case OPTIONAL_INT:
                return absent || value.canConvertToExactIntegral() && value.isNumber() && value.canConvertToLong() ? null
                        : "must be an integer, got " + kindOf(value);
            case OPTIONAL_PROGRESS:
                if (absent) {
                    return null;
                }
                if (!value.isIntegralNumber()) {
                    return "must be an integer from 0 to 100 or null, got " + kindOf(value);
                }
                return value.asLong() >= 0 && value.asLong() <= 100 ? null
                        : "must be an integer from 0 to 100 or null, got " + value.asLong();
            case OPTIONAL_OBJECT:
                return absent || value.isObject() ? null : "must be a JSON object or null, got " + kindOf(value);
            case OPTIONAL_LOG_LEVEL:
                return absent || value.isTextual() && LOG_LEVELS.contains(value.asText()) ? null
                        : "must be one of " + LOG_LEVELS + ", got " + truncate(value.toString());
            case OPTIONAL_STRING_LIST:
                if (absent) {
                    return null;
                }
                if (!value.isArray()) {
                    return "must be a list of strings, got " + kindOf(value);
                }
                for (JsonNode item : value) {
                    if (!item.isTextual()) {
                        return "must be a list of strings, got an item of kind " + kindOf(item);
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static String kindOf(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return "null";
    }

    private static String truncate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
