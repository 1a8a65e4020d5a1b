package io.quarkiverse.rekuest.devserver;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.devserver.auth.AuthenticationException;
import io.quarkiverse.rekuest.devserver.auth.TokenVerifier;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.quarkiverse.rekuest.devserver.store.RekuestException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The dev-only HTTP face of {@link ServerFaults}, for clients that run the standalone server in another process.
 * Every endpoint is a {@code POST} with query parameters, needs a token the server accepts
 * ({@code Authorization: Bearer <token>}), and answers JSON:
 * <ul>
 * <li>{@code /_dev/faults/agents/{agent}/close?code=3001[&reason=...]}</li>
 * <li>{@code /_dev/faults/agents/{agent}/stall?ms=2000}</li>
 * <li>{@code /_dev/faults/agents/{agent}/steal-assigns?count=1}</li>
 * <li>{@code /_dev/faults/restart?downMs=2000} (answers before the restart begins)</li>
 * </ul>
 */
final class FaultEndpoints {

    static final String PREFIX = "/_dev/faults";

    private final ServerFaults faults;
    private final TokenVerifier verifier;

    FaultEndpoints(ServerFaults faults, TokenVerifier verifier) {
        this.faults = faults;
        this.verifier = verifier;
    }

    void mount(Router router) {
        router.post(PREFIX + "/agents/:agent/close").handler(ctx -> guarded(ctx, () -> {
            String agent = ctx.pathParam("agent");
            int code = intParam(ctx, "code", 1000, 4999);
            boolean found = faults.closeConnection(agent, code, ctx.request().getParam("reason"));
            connectionResult(ctx, agent, found, Json.object().put("agent", agent).put("closedWith", code));
        }));
        router.post(PREFIX + "/agents/:agent/stall").handler(ctx -> guarded(ctx, () -> {
            String agent = ctx.pathParam("agent");
            int ms = intParam(ctx, "ms", 1, Integer.MAX_VALUE);
            boolean found = faults.stallConnection(agent, Duration.ofMillis(ms));
            connectionResult(ctx, agent, found, Json.object().put("agent", agent).put("stalledMs", ms));
        }));
        router.post(PREFIX + "/agents/:agent/steal-assigns").handler(ctx -> guarded(ctx, () -> {
            String agent = ctx.pathParam("agent");
            int count = intParam(ctx, "count", 0, Integer.MAX_VALUE);
            List<String> stolen = faults.stealAssigns(agent, count);
            ObjectNode body = Json.object().put("agent", agent).put("armed", count);
            body.set("stolenNow", Json.toTree(stolen));
            json(ctx, 200, body);
        }));
        router.post(PREFIX + "/restart").handler(ctx -> guarded(ctx, () -> {
            int downMs = intParam(ctx, "downMs", 1, Integer.MAX_VALUE);
            // answer first: the restart closes this very connection
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(Json.write(Json.object().put("restarting", true).put("downMs", downMs)))
                    .onComplete(v -> faults.restartAsync(Duration.ofMillis(downMs)));
        }));
    }

    private void guarded(RoutingContext ctx, Runnable action) {
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        try {
            if (token == null || token.isEmpty()) {
                throw new AuthenticationException("Fault endpoints need a token: Authorization: Bearer <token>");
            }
            verifier.verify(token);
        } catch (AuthenticationException e) {
            json(ctx, 401, Json.object().put("error", e.getMessage()));
            return;
        }
        try {
            action.run();
        } catch (IllegalArgumentException e) {
            json(ctx, 400, Json.object().put("error", e.getMessage()));
        } catch (RekuestException e) {
            json(ctx, 404, Json.object().put("error", e.getMessage()));
        }
    }

    private static void connectionResult(RoutingContext ctx, String agent, boolean found, ObjectNode body) {
        if (found) {
            json(ctx, 200, body);
        } else {
            json(ctx, 404, Json.object().put("error", "Agent " + agent + " has no open /agi connection"));
        }
    }

    private static int intParam(RoutingContext ctx, String name, int min, int max) {
        String value = ctx.request().getParam(name);
        if (value == null) {
            throw new IllegalArgumentException("Query parameter '" + name + "' is required");
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("Query parameter '" + name + "' must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Query parameter '" + name + "' must be an integer, got '" + value + "'");
        }
    }

    private static void json(RoutingContext ctx, int status, ObjectNode body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.write(body));
    }
}
