package io.quarkiverse.rekuest.runtime.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a task, from whichever channel brought it: the {@code mytasks} subscription, a {@code *_EVENT} mirror
 * on the agent socket, or {@code task(id) { events }} when reconciling. The id is the server's TaskEvent id, the same
 * on every channel, so an event seen twice is handled once.
 *
 * @param id the TaskEvent id
 * @param task the task id
 * @param kind the event kind ({@code YIELD}, {@code COMPLETED}, ...)
 * @param returns the {@code returns} object of a YIELD, else {@code null}
 * @param message the message (the error of FAILED and CRITICAL), or {@code null}
 * @param progress the percentage of a PROGRESS event, or {@code null}
 */
record TaskEvent(String id, String task, String kind, JsonNode returns, String message, Integer progress) {

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The {@code progress} of a PROGRESS event, or {@code null}. */
    static Integer progress(JsonNode node) {
        JsonNode value = node == null ? null : node.get("progress");
        return value == null || !value.canConvertToInt() ? null : value.intValue();
    }

    /** An event of the subscription or of {@code task { events }}. */
    static TaskEvent of(JsonNode event, String task) {
        String taskId = task != null ? task : text(event, "task");
        JsonNode returns = event.get("returns");
        return new TaskEvent(text(event, "id"), taskId, text(event, "kind"),
                returns == null || returns.isNull() ? null : returns, text(event, "message"), progress(event));
    }

    /** A {@code <KIND>_EVENT} mirror of the agent socket (§2.8), or {@code null} when it is not one. */
    static TaskEvent ofMirror(JsonNode frame) {
        String type = text(frame, "type");
        if (type == null || !type.endsWith("_EVENT")) {
            return null;
        }
        String kind = type.substring(0, type.length() - "_EVENT".length());
        String message = text(frame, "error");
        if (message == null) {
            message = text(frame, "message");
        }
        JsonNode returns = frame.get("returns");
        return new TaskEvent(text(frame, "event"), text(frame, "task"), kind,
                returns == null || returns.isNull() ? null : returns, message, progress(frame));
    }
}
