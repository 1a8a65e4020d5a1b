package io.quarkiverse.rekuest.runtime.agent.webhook;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkus.arc.Arc;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The webhook intake, {@code POST <root-path>/rekuest/webhook} on the application's own HTTP server (added by the build
 * only for {@code quarkus.rekuest.agent.transport=webhook}). The server POSTs every message inside the call that made it
 * and waits at most 10 s, without retrying: the intake checks the signature, answers at once and hands the message on,
 * so the task runs after the answer. A missing or bad signature is 401 and nothing happens.
 */
public final class WebhookIntake implements Handler<RoutingContext> {

    /** The intake's path below the HTTP root path. */
    public static final String PATH = "rekuest/webhook";

    private static final Logger LOG = Logger.getLogger(WebhookIntake.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private volatile WebhookSignature signature;

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.POST) {
            answer(ctx, 405, "The rekuest webhook intake takes POST only");
            return;
        }
        // read by Quarkus' body handler, ahead of this one on the route (quarkus.http.limits.max-body-size applies)
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        handle(ctx, body == null ? Buffer.buffer() : body);
    }

    private void handle(RoutingContext ctx, Buffer buffer) {
        WebhookSignature signature = signature();
        if (signature == null) {
            answer(ctx, 503, "The rekuest webhook has no secret (quarkus.rekuest.agent.webhook.secret)");
            return;
        }
        byte[] body = buffer.getBytes();
        if (!signature.verify(body, ctx.request().getHeader(WebhookSignature.HEADER))) {
            LOG.warnf("Refused a webhook message from %s: missing or bad %s (is quarkus.rekuest.agent.webhook.secret the"
                    + " hookUrlSecret the server has?)", ctx.request().remoteAddress(), WebhookSignature.HEADER);
            answer(ctx, 401, "Missing or bad " + WebhookSignature.HEADER);
            return;
        }
        JsonNode frame;
        try {
            frame = MAPPER.readTree(body);
        } catch (Exception e) {
            answer(ctx, 400, "The message is not JSON");
            return;
        }
        if (frame == null || !frame.isObject() || !frame.path("type").isTextual()) {
            answer(ctx, 400, "The message is not a JSON object with a string 'type'");
            return;
        }
        WebhookInbox inbox = Arc.container().instance(RekuestAgent.class).get().webhookInbox();
        if (inbox == null) {
            answer(ctx, 503, "The rekuest agent of this application is not running");
            return;
        }
        // answer first: the server waits for this answer inside the caller's assign; the task runs afterwards
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end("{}");
        inbox.receive(frame);
    }

    private WebhookSignature signature() {
        WebhookSignature current = signature;
        if (current == null) {
            RekuestConfig config = Arc.container().instance(RekuestConfig.class).get();
            String secret = config.agent().webhook().secret().orElse(null);
            if (secret == null || secret.isEmpty()) {
                return null;
            }
            current = new WebhookSignature(secret);
            signature = current;
        }
        return current;
    }

    private static void answer(RoutingContext ctx, int status, String error) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(MAPPER.createObjectNode().put("error", error).toString());
        }
    }
}
