package io.quarkiverse.rekuest.runtime.agent;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Building and reading {@code /agi} frames (§2). */
final class Frames {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Frames() {
    }

    /** A new frame of {@code type} with a fresh id. */
    static ObjectNode frame(String type) {
        ObjectNode frame = MAPPER.createObjectNode();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", type);
        return frame;
    }

    /** A report about {@code task}. */
    static ObjectNode report(String type, String task) {
        ObjectNode frame = frame(type);
        frame.put("task", task);
        return frame;
    }

    /** A terminal report with an error message: FAILED or CRITICAL. */
    static ObjectNode error(String type, String task, String error) {
        ObjectNode frame = report(type, task);
        frame.put("error", error);
        return frame;
    }

    /** A text field, or {@code null} when absent or not text. */
    static String text(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * A task id: the field's text when it is a non-empty JSON string, else {@code null}. A number or an object is not
     * a task id ({@link #text} would turn {@code 5} into {@code "5"} and an object into {@code ""}: the agent then ran,
     * and reported on, a task nobody had assigned).
     */
    static String taskId(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    /** What a JSON value is, for error messages: "a number", "an object", "missing"... */
    static String kindOf(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> value.getNodeType().toString().toLowerCase();
        };
    }

    static String write(JsonNode frame) {
        return frame.toString();
    }
}
