package io.quarkiverse.rekuest.runtime.graphql;

import java.io.StringReader;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.jboss.logging.Logger;

import io.quarkiverse.rekuest.runtime.agent.WireLog;
import io.smallrye.graphql.client.GraphQLError;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Registers the agent over GraphQL with the SmallRye dynamic client: {@code ensureAgent}, then {@code implementAgent}
 * unless the agent's hash already equals the declaration's (§1.2).
 */
public final class AgentRegistration {

    private static final Logger LOG = Logger.getLogger(AgentRegistration.class);

    /** The outcome. */
    public record Registered(String agentId, boolean implemented) {
    }

    private final Vertx vertx;
    private final String graphqlUrl;
    private final WebClientOptions options;

    public AgentRegistration(Vertx vertx, String graphqlUrl) {
        this(vertx, graphqlUrl, null);
    }

    /** @param options web client options (TLS), or {@code null} for the defaults */
    public AgentRegistration(Vertx vertx, String graphqlUrl, WebClientOptions options) {
        this.vertx = vertx;
        this.graphqlUrl = graphqlUrl;
        this.options = options;
    }

    /**
     * @param declaration what the agent declares
     * @param token a fresh access token for each request
     */
    public Uni<Registered> register(AgentDeclaration declaration, Supplier<Uni<String>> token) {
        VertxDynamicGraphQLClientBuilder builder = new VertxDynamicGraphQLClientBuilder().vertx(vertx);
        if (options != null) {
            builder.options(options);
        }
        DynamicGraphQLClient client = builder
                .url(graphqlUrl)
                .dynamicHeader("Authorization", Uni.createFrom().deferred(() -> token.get()).map(t -> "Bearer " + t))
                .build();
        WireLog.graphql(AgentDocuments.ENSURE_AGENT, declaration.ensureAgentInput());
        return client.executeAsync(AgentDocuments.ENSURE_AGENT, variables(declaration.ensureAgentInput()))
                .map(response -> data(response, "ensureAgent"))
                .flatMap(agent -> {
                    String hash = agent.isNull("hash") ? null : agent.getString("hash");
                    if (declaration.hash().equals(hash)) {
                        LOG.debugf("Agent %s is already registered with this declaration; implementAgent skipped",
                                agent.getString("id"));
                        return Uni.createFrom().item(new Registered(agent.getString("id"), false));
                    }
                    WireLog.graphql(AgentDocuments.IMPLEMENT_AGENT, declaration.implementAgentInput());
                    return client.executeAsync(AgentDocuments.IMPLEMENT_AGENT, variables(declaration.implementAgentInput()))
                            .map(response -> new Registered(data(response, "implementAgent").getString("id"), true));
                })
                .eventually(() -> {
                    try {
                        client.close();
                    } catch (Exception e) {
                        LOG.debug("Closing the GraphQL client failed", e);
                    }
                });
    }

    private static Map<String, Object> variables(String inputJson) {
        try (JsonReader reader = Json.createReader(new StringReader(inputJson))) {
            JsonValue input = reader.readValue();
            return Map.of("input", input);
        }
    }

    private static JsonObject data(Response response, String field) {
        if (response.hasError()) {
            StringBuilder message = new StringBuilder(field).append(" failed:");
            for (GraphQLError error : response.getErrors()) {
                message.append(' ').append(error.getMessage());
            }
            throw new RegistrationException(message.toString());
        }
        if (!response.hasData() || response.getData().isNull(field)) {
            throw new RegistrationException(field + " returned no data");
        }
        return response.getData().getJsonObject(field);
    }

    /** The server refused the registration. */
    public static final class RegistrationException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RegistrationException(String message) {
            super(message);
        }
    }
}
