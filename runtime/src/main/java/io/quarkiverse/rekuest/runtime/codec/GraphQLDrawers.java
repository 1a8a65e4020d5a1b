package io.quarkiverse.rekuest.runtime.codec;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;

import org.jboss.logging.Logger;

import io.quarkiverse.rekuest.runtime.agent.WireLog;
import io.quarkiverse.rekuest.runtime.graphql.AgentDocuments;
import io.quarkiverse.rekuest.runtime.graphql.GraphQLResponses;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;

/** Registers memory drawers with {@code shelveInMemoryDrawer} / {@code unshelveMemoryDrawer} over GraphQL. */
public final class GraphQLDrawers implements MemoryShelve.Drawers, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GraphQLDrawers.class);
    /** Looked up once (every {@code Json.createXxx} call runs a {@code ServiceLoader} lookup). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final DynamicGraphQLClient client;

    /**
     * @param client the connection's GraphQL client (endpoint, TLS and a fresh token per request); closed with this
     */
    public GraphQLDrawers(DynamicGraphQLClient client) {
        this.client = client;
    }

    @Override
    public CompletionStage<String> shelve(String identifier, String resourceId, String label, String description) {
        Map<String, Object> input = new HashMap<>();
        input.put("identifier", identifier);
        input.put("resourceId", resourceId);
        if (label != null) {
            input.put("label", label);
        }
        if (description != null) {
            input.put("description", description);
        }
        WireLog.graphql(AgentDocuments.SHELVE, input);
        return client.executeAsync(AgentDocuments.SHELVE, Map.of("input", json(input)))
                .map(response -> GraphQLResponses.data(response, "shelveInMemoryDrawer").asJsonObject().getString("id"))
                .subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Void> unshelve(String drawerId) {
        WireLog.graphql(AgentDocuments.UNSHELVE, drawerId);
        return client.executeAsync(AgentDocuments.UNSHELVE, Map.of("input", json(Map.<String, Object> of("id", drawerId))))
                .map(response -> {
                    GraphQLResponses.data(response, "unshelveMemoryDrawer");
                    return (Void) null;
                })
                .subscribeAsCompletionStage();
    }

    /**
     * The variable as a JSON-P value: the GraphQL client sends those as they are, but would hand a {@code Map} to
     * JSON-B, which binds by reflection.
     */
    private static JsonObject json(Map<String, Object> input) {
        return JSON.createObjectBuilder(input).build();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debug("Closing the GraphQL client failed", e);
        }
    }
}
