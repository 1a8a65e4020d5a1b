package io.quarkiverse.rekuest.runtime.client;

import java.io.StringReader;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.graphql.client.GraphQLError;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Queries and mutations of the caller over HTTP, with the SmallRye GraphQL dynamic client and a fresh bearer token per
 * request. Variables and data are Jackson trees on our side.
 */
final class CallerGraphQL implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final DynamicGraphQLClient client;

    CallerGraphQL(Vertx vertx, String url, Supplier<Uni<String>> token) {
        this.client = new VertxDynamicGraphQLClientBuilder()
                .vertx(vertx)
                .url(url)
                .dynamicHeader("Authorization", Uni.createFrom().deferred(() -> token.get()).map(t -> "Bearer " + t))
                .build();
    }

    /**
     * The {@code data} of the response.
     *
     * @throws GraphQLCallException (in the Uni) when the response has errors
     */
    Uni<JsonNode> execute(String document, ObjectNode variables) {
        return client.executeAsync(document, variables(variables)).map(CallerGraphQL::data);
    }

    static Map<String, Object> variables(ObjectNode variables) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        variables.fields().forEachRemaining(entry -> map.put(entry.getKey(), jakarta(entry.getValue())));
        return map;
    }

    static JsonValue jakarta(JsonNode node) {
        try (JsonReader reader = Json.createReader(new StringReader(node.toString()))) {
            return reader.readValue();
        }
    }

    static JsonNode data(Response response) {
        if (response.hasError()) {
            StringBuilder message = new StringBuilder();
            for (GraphQLError error : response.getErrors()) {
                if (message.length() > 0) {
                    message.append("; ");
                }
                message.append(error.getMessage());
            }
            throw new GraphQLCallException(message.toString());
        }
        if (!response.hasData()) {
            throw new GraphQLCallException("The response has no data");
        }
        try {
            return MAPPER.readTree(response.getData().toString());
        } catch (Exception e) {
            throw new GraphQLCallException("Unreadable response: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // nothing to do
        }
    }

    /** The server answered with GraphQL errors. */
    static final class GraphQLCallException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        GraphQLCallException(String message) {
            super(message);
        }

        /** Whether the error says that no live agent can take the task (§1.5, §10b). */
        boolean noImplementation() {
            String message = getMessage();
            return message != null && (message.contains("No active implementation") || message.contains("not available")
                    || message.contains("No action matches") || message.contains("does not exist")
                    || message.contains("has no implementation") || message.contains("not found"));
        }
    }
}
