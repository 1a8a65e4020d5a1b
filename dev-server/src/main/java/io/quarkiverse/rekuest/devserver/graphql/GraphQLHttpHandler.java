package io.quarkiverse.rekuest.devserver.graphql;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import graphql.ExecutionResult;
import io.quarkiverse.rekuest.devserver.auth.AuthenticationException;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.devserver.auth.TokenVerifier;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.quarkiverse.rekuest.devserver.webhook.WebhookDeliveries;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /graphql}: a JSON body {@code {query, variables, operationName}} and a bearer token in
 * {@code Authorization} (also {@code X-Authorization}). Errors are GraphQL errors with HTTP 200, as on the real
 * server; a body that is not a GraphQL request (not a JSON object, a {@code query} that is not a string,
 * {@code variables} that are not an object, an {@code operationName} that is not a string) gets HTTP 400; a failure
 * the server did not expect gets HTTP 500, so that no request is left unanswered.
 */
public final class GraphQLHttpHandler implements Handler<HttpServerRequest> {

    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final GraphQLEngine engine;
    private final TokenVerifier verifier;

    public GraphQLHttpHandler(GraphQLEngine engine, TokenVerifier verifier) {
        this.engine = engine;
        this.verifier = verifier;
    }

    @Override
    public void handle(HttpServerRequest request) {
        try {
            receive(request);
        } catch (Throwable e) {
            answerFailure(request, e);
        }
    }

    private void receive(HttpServerRequest request) {
        // served without a Router: this is the hot path of every assign
        request.exceptionHandler(e -> {
            // the connection broke while the body was read: nobody is left to answer
        });
        long declared = parseLength(request.getHeader("Content-Length"));
        if (declared > MAX_BODY_BYTES) {
            respond(request, 413, errors("The request body is larger than " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 256);
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                request.handler(null);
                respond(request, 413, errors("The request body is larger than " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!request.response().ended()) {
                // messages to webhook agents are POSTed inside the operation that queued them: the answer waits (§2.11)
                WebhookDeliveries.open();
                try {
                    handle(request, body);
                } catch (Throwable e) {
                    answerFailure(request, e);
                } finally {
                    WebhookDeliveries.close();
                }
            }
        });
    }

    /** The last resort: the request is answered (500, a GraphQL error body) and the cause logged once. */
    private static void answerFailure(HttpServerRequest request, Throwable failure) {
        String message = LastResort.log("POST /graphql", failure);
        try {
            if (!request.response().ended() && !request.response().closed()) {
                if (request.response().headWritten()) {
                    request.response().reset();
                } else {
                    respond(request, 500, errors(message));
                }
            }
        } catch (RuntimeException e) {
            request.connection().close();
        }
        if (failure instanceof VirtualMachineError error && !(failure instanceof StackOverflowError)) {
            throw error;
        }
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void handle(HttpServerRequest ctx, Buffer body) {
        String header = ctx.getHeader("Authorization");
        if (header == null) {
            header = ctx.getHeader("X-Authorization");
        }
        if (header == null) {
            respond(ctx, 200, errors("No Authorization header"));
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            respond(ctx, 200, errors("The Authorization header must be 'Bearer <token>'"));
            return;
        }
        Identity caller;
        try {
            caller = verifier.verify(header.substring(7).trim());
        } catch (AuthenticationException e) {
            respond(ctx, 200, errors(e.getMessage()));
            return;
        }
        Map<String, Object> request;
        try {
            request = Json.MAPPER.readValue(body.getBytes(), MAP);
        } catch (Exception e) {
            respond(ctx, 400, errors("The body must be a JSON object {\"query\": ..., \"variables\": {...}}"));
            return;
        }
        if (request == null || !(request.get("query") instanceof String query)) {
            respond(ctx, 400, errors("The request has no 'query' string: send {\"query\": \"...\", \"variables\": {...}}"));
            return;
        }
        Object variables = request.get("variables");
        if (variables != null && !(variables instanceof Map)) {
            respond(ctx, 400, errors("'variables' must be a JSON object (variable name to value) or absent"));
            return;
        }
        Object name = request.get("operationName");
        if (name != null && !(name instanceof String)) {
            respond(ctx, 400, errors("'operationName' must be a string (the name of one operation in the query) or absent"));
            return;
        }
        String operationName = (String) name;
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = (Map<String, Object>) variables;
        Map<String, Object> fast = engine.tryAssignFastPath(query, vars, operationName, caller);
        if (fast != null) {
            respond(ctx, 200, fast);
            return;
        }
        ExecutionResult result = engine.execute(query, vars, operationName, caller, Map.of());
        if (result.getData() instanceof org.reactivestreams.Publisher) {
            respond(ctx, 400, errors("Subscriptions are served over the websocket at /graphql, not over HTTP POST"));
            return;
        }
        respond(ctx, 200, result.toSpecification());
    }

    static Map<String, Object> errors(String message) {
        java.util.LinkedHashMap<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("data", null);
        body.put("errors", List.of(Map.of("message", message)));
        return body;
    }

    private static void respond(HttpServerRequest ctx, int status, Map<String, Object> body) {
        io.vertx.core.Future<Void> deliveries = WebhookDeliveries.pending();
        if (deliveries == null) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.writeBuffer(body));
            return;
        }
        io.vertx.core.buffer.Buffer written = Json.writeBuffer(body);
        deliveries.onComplete(ar -> {
            if (!ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(written);
            }
        });
    }
}
