package io.quarkiverse.rekuest.devserver.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.devserver.agent.FrameSchema;
import io.quarkiverse.rekuest.devserver.store.AgentRecord;
import io.quarkiverse.rekuest.devserver.store.Frames;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.quarkiverse.rekuest.devserver.store.RekuestException;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.RekuestStore.AssignRequest;
import io.quarkiverse.rekuest.devserver.store.RekuestStore.Control;
import io.quarkiverse.rekuest.devserver.store.TaskEventKind;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /agi/http/<agentId>}: a webhook agent's reports and caller requests (§2.11). One FromAgent frame per
 * request, signed like the server's messages; the reply frame ({@code EVENT_ACK}, {@code ASSIGN_RESPONSE},
 * {@code CONTROL_RESPONSE}) is the response body, {@code {}} when there is none. 404 for an unknown agent (or one that
 * is not a webhook agent), 401 for a missing or bad signature, 403 when the agent is blocked, 400 for a frame that is
 * not a valid FromAgent message; nothing is stored then. Each report costs the configured report cost before it takes
 * effect, as on the socket.
 */
public final class WebhookIntake implements Handler<RoutingContext> {

    private static final Set<String> REPORTS = Set.of("STARTED", "PROGRESS", "LOG", "YIELD", "COMPLETED", "FAILED",
            "CRITICAL", "CANCELLED", "INTERRUPTED", "PAUSED", "RESUMED");
    /** Frames of the socket's own life: meaningless over HTTP. */
    private static final Set<String> SOCKET_ONLY = Set.of("REGISTER", "HEARTBEAT_ANSWER");

    private final Vertx vertx;
    private final RekuestStore store;
    private final long reportCostMillis;

    public WebhookIntake(Vertx vertx, RekuestStore store, long reportCostMillis) {
        this.vertx = vertx;
        this.store = store;
        this.reportCostMillis = reportCostMillis;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String agentId = ctx.pathParam("agent");
        AgentRecord agent = store.agent(agentId);
        if (agent == null || !agent.webhook()) {
            answer(ctx, 404, error("No webhook agent " + agentId));
            return;
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (!WebhookSignature.verify(agent.hookSecret(), body, ctx.request().getHeader(WebhookSignature.HEADER))) {
            answer(ctx, 401, error("Missing or bad " + WebhookSignature.HEADER + ": the lowercase hex HMAC-SHA256 of the"
                    + " raw body keyed by the agent's hookUrlSecret"));
            return;
        }
        if (agent.blocked) {
            answer(ctx, 403, error("Agent " + agentId + " is blocked"));
            return;
        }
        JsonNode frame;
        try {
            frame = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            answer(ctx, 400, error("The body is not valid JSON"));
            return;
        } catch (java.io.IOException e) {
            answer(ctx, 400, error("The body cannot be read"));
            return;
        }
        String problem = frame == null ? "The body is empty" : FrameSchema.check(frame);
        if (problem == null && SOCKET_ONLY.contains(frame.path("type").asText())) {
            problem = frame.path("type").asText() + " belongs to the /agi socket, not to the webhook intake";
        }
        if (problem != null) {
            answer(ctx, 400, error(problem));
            return;
        }
        ObjectNode message = (ObjectNode) frame;
        String type = message.get("type").asText();
        Runnable handle = () -> {
            try {
                answer(ctx, 200, reply(agent, type, message));
            } catch (RekuestException e) {
                answer(ctx, 400, error(e.getMessage()));
            }
        };
        if (REPORTS.contains(type) && reportCostMillis > 0) {
            vertx.setTimer(reportCostMillis, id -> handle.run());
        } else {
            handle.run();
        }
    }

    /** What the socket would answer to the frame (AgentSocket.dispatch), or an empty object. */
    private ObjectNode reply(AgentRecord agent, String type, ObjectNode message) {
        switch (type) {
            case "STARTED", "PAUSED", "RESUMED", "INTERRUPTED" -> {
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
                return assignRequest(agent, message);
            }
            case "CANCEL_REQUEST" -> {
                return controlRequest(agent, message, Control.CANCEL);
            }
            case "INTERRUPT_REQUEST" -> {
                return controlRequest(agent, message, Control.INTERRUPT);
            }
            case "PAUSE_REQUEST" -> {
                return controlRequest(agent, message, Control.PAUSE);
            }
            case "RESUME_REQUEST" -> {
                return controlRequest(agent, message, Control.RESUME);
            }
            default -> {
                // LOCK, UNLOCK, SESSION_INIT, STATE_SNAPSHOT, STATE_PATCH: accepted, as on the socket
            }
        }
        return Json.MAPPER.createObjectNode();
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

    private ObjectNode assignRequest(AgentRecord agent, ObjectNode message) {
        ObjectNode response = Frames.frame("ASSIGN_RESPONSE");
        response.put("request", text(message, "id"));
        response.put("reference", message.get("reference").asText());
        try {
            if (message.hasNonNull("dependency") || message.hasNonNull("method")) {
                throw new RekuestException("Dependency targeting (dependency + method) is not supported by the dev server");
            }
            List<String> hooks = new ArrayList<>();
            for (JsonNode hook : message.path("hooks")) {
                if ("INIT".equals(hook.path("kind").asText())) {
                    hooks.add(hook.path("hash").asText());
                }
            }
            RekuestStore.SocketAssign result = store.assignFromSocket(agent.identity, new AssignRequest(
                    text(message, "action"), text(message, "implementation"), text(message, "action_hash"),
                    text(message, "agent"), text(message, "interface"),
                    message.hasNonNull("args") ? Json.toJava(message.get("args")) : Map.of(),
                    message.get("reference").asText(), text(message, "parent"), message.path("capture").asBoolean(false),
                    message.path("ephemeral").asBoolean(false), hooks));
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

    private ObjectNode controlRequest(AgentRecord agent, ObjectNode message, Control control) {
        ObjectNode response = Frames.frame("CONTROL_RESPONSE");
        response.put("request", text(message, "id"));
        String task = message.get("task").asText();
        response.put("task", task);
        try {
            store.control(agent.identity, agent.identity, task, control, message.path("step").asBoolean(false));
            if (control == Control.CANCEL && message.hasNonNull("auto_interrupt")) {
                store.interruptLater(agent.identity, task, message.get("auto_interrupt").asLong());
            }
            response.put("accepted", true);
            response.putNull("error");
        } catch (RekuestException e) {
            response.put("accepted", false);
            response.put("error", e.getMessage());
        }
        return response;
    }

    private static ObjectNode error(String message) {
        return Json.MAPPER.createObjectNode().put("error", message);
    }

    private static void answer(RoutingContext ctx, int status, ObjectNode body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.write(body));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
