package io.quarkiverse.rekuest.devserver.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.devserver.store.AgentRecord;
import io.quarkiverse.rekuest.devserver.store.Frames;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.quarkiverse.rekuest.devserver.store.RekuestException;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.RekuestStore.AssignRequest;
import io.quarkiverse.rekuest.devserver.store.RekuestStore.Control;
import io.quarkiverse.rekuest.devserver.store.TaskEventKind;

/**
 * What the server makes of a message a registered agent sent, whichever way it came: over its {@code /agi} socket or
 * POSTed by a webhook agent to {@code /agi/http/<agent>} (§2.11). Reports become task events, requests become
 * assignments and controls, state and lock frames update the agent's states and locks; the reply (an
 * {@code EVENT_ACK}, an {@code ASSIGN_RESPONSE}, a {@code CONTROL_RESPONSE}) is handed back for the transport to deliver.
 * Messages are validated before ({@link FrameSchema}); a {@link RekuestException} is the transport's to turn into a
 * close code or an error answer.
 */
public final class AgentMessages {

    private final RekuestStore store;

    public AgentMessages(RekuestStore store) {
        this.store = store;
    }

    /**
     * Handles {@code message} of {@code type} from {@code agent}, acting as {@code identity}.
     *
     * @return the reply, or {@code null} when the message has none (PROGRESS, LOG, YIELD, state and lock frames, and
     *         types that are not the agent's to send)
     */
    public ObjectNode handle(AgentRecord agent, Identity identity, String type, ObjectNode message) {
        switch (type) {
            case "STARTED", "PAUSED", "RESUMED", "INTERRUPTED" -> {
                // these tolerate unknown tasks (§2.4) but are still acknowledged
                String task = message.get("task").asText();
                if (store.isTaskOf(agent, task)) {
                    store.report(agent, TaskEventKind.valueOf(type), task, null, null, null, null);
                }
                return ack(message);
            }
            case "COMPLETED", "CANCELLED" -> {
                store.report(agent, TaskEventKind.valueOf(type), message.get("task").asText(), null, null, null, null);
                return ack(message);
            }
            case "FAILED", "CRITICAL" -> {
                store.report(agent, TaskEventKind.valueOf(type), message.get("task").asText(),
                        message.get("error").asText(), null, null, null);
                return ack(message);
            }
            case "PROGRESS" -> store.report(agent, TaskEventKind.PROGRESS, message.get("task").asText(),
                    text(message, "message"), message.hasNonNull("progress") ? message.get("progress").asInt() : null,
                    null, null);
            case "LOG" -> store.report(agent, TaskEventKind.LOG, message.get("task").asText(),
                    message.get("message").asText(), null, null, text(message, "level"));
            case "YIELD" -> store.report(agent, TaskEventKind.YIELD, message.get("task").asText(), null, null,
                    Json.toJava(message.get("returns")), null);
            case "ASSIGN_REQUEST" -> {
                return assignRequest(identity, message);
            }
            case "CANCEL_REQUEST" -> {
                return controlRequest(identity, message, Control.CANCEL);
            }
            case "INTERRUPT_REQUEST" -> {
                return controlRequest(identity, message, Control.INTERRUPT);
            }
            case "PAUSE_REQUEST" -> {
                return controlRequest(identity, message, Control.PAUSE);
            }
            case "RESUME_REQUEST" -> {
                return controlRequest(identity, message, Control.RESUME);
            }
            // states and locks (§2.4, §5.5): a frame for an undeclared state or lock is refused (3003 on a socket)
            case "SESSION_INIT" -> store.states().sessionInit(agent, message.get("session_id").asText(), message.get("states"));
            case "STATE_SNAPSHOT" -> store.states().snapshot(agent, message.get("session_id").asText(),
                    message.path("global_rev").asLong(0), message.get("snapshots"));
            case "STATE_PATCH" -> store.states().patch(agent, message);
            case "LOCK" -> {
                String task = message.get("task").asText();
                store.states().lock(agent, message.get("key").asText(), task, store.isTaskOf(agent, task));
            }
            case "UNLOCK" -> store.states().unlock(agent, message.get("key").asText());
            default -> {
            }
        }
        return null;
    }

    private static ObjectNode ack(ObjectNode report) {
        ObjectNode ack = Frames.frame("EVENT_ACK");
        ack.put("event", text(report, "id"));
        ack.put("task", report.get("task").asText());
        if (report.hasNonNull("seq")) {
            ack.put("seq", report.get("seq").asLong());
        } else {
            ack.putNull("seq");
        }
        return ack;
    }

    private ObjectNode assignRequest(Identity identity, ObjectNode message) {
        ObjectNode response = Frames.frame("ASSIGN_RESPONSE");
        response.put("request", text(message, "id"));
        response.put("reference", message.get("reference").asText());
        try {
            List<String> hooks = new ArrayList<>();
            for (JsonNode hook : message.path("hooks")) {
                if ("INIT".equals(hook.path("kind").asText())) {
                    hooks.add(hook.path("hash").asText());
                }
            }
            RekuestStore.SocketAssign result = store.assignFromSocket(identity, new AssignRequest(
                    text(message, "action"), text(message, "implementation"), text(message, "action_hash"),
                    text(message, "agent"), text(message, "interface"),
                    message.hasNonNull("args") ? Json.toJava(message.get("args")) : Map.of(),
                    message.get("reference").asText(), text(message, "parent"), message.path("capture").asBoolean(false),
                    message.path("ephemeral").asBoolean(false), hooks, text(message, "dependency"),
                    text(message, "method"), List.of()));
            response.put("task", result.task().id);
            response.put("created", result.created());
            response.putNull("error");
        } catch (RekuestException e) {
            response.putNull("task");
            response.put("created", false);
            response.put("error", e.getMessage());
        }
        return response;
    }

    private ObjectNode controlRequest(Identity identity, ObjectNode message, Control control) {
        ObjectNode response = Frames.frame("CONTROL_RESPONSE");
        response.put("request", text(message, "id"));
        String task = message.get("task").asText();
        response.put("task", task);
        try {
            store.control(identity, identity, task, control, message.path("step").asBoolean(false));
            if (control == Control.CANCEL && message.hasNonNull("auto_interrupt")) {
                store.interruptLater(identity, task, message.get("auto_interrupt").asLong());
            }
            response.put("accepted", true);
            response.putNull("error");
        } catch (RekuestException e) {
            response.put("accepted", false);
            response.put("error", e.getMessage());
        }
        return response;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
