package io.quarkiverse.rekuest.devserver.webhook;

import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.devserver.agent.AgentMessages;
import io.quarkiverse.rekuest.devserver.agent.FrameSchema;
import io.quarkiverse.rekuest.devserver.store.AgentRecord;
import io.quarkiverse.rekuest.devserver.store.Frames;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.quarkiverse.rekuest.devserver.store.RekuestException;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
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
    private final AgentMessages messages;
    private final long reportCostMillis;

    public WebhookIntake(Vertx vertx, RekuestStore store, long reportCostMillis) {
        this.vertx = vertx;
        this.store = store;
        this.messages = new AgentMessages(store);
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

    /** What the socket would answer to the frame ({@link AgentMessages}), or an empty object. */
    private ObjectNode reply(AgentRecord agent, String type, ObjectNode message) {
        ObjectNode reply = messages.handle(agent, agent.identity, type, message);
        return reply != null ? reply : Json.MAPPER.createObjectNode();
    }

    private static ObjectNode error(String message) {
        return Json.MAPPER.createObjectNode().put("error", message);
    }

    private static void answer(RoutingContext ctx, int status, ObjectNode body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.write(body));
        }
    }
}
