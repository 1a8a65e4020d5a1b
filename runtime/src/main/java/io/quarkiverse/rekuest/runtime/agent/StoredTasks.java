package io.quarkiverse.rekuest.runtime.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.runtime.graphql.AgentDocuments;
import io.smallrye.graphql.client.GraphQLError;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.mutiny.Uni;

/**
 * What the server stored about this agent's tasks, read over GraphQL: how many events of each kind a task has (to
 * re-send only what the server lost) and a whole task (to run one whose {@code ASSIGN} never arrived).
 */
final class StoredTasks {

    /** A task read back from the server: enough to run it. */
    record LostTask(String id, String iface, JsonNode args, String parent, List<String> eventKinds) {
    }

    private final DynamicGraphQLClient client;

    StoredTasks(DynamicGraphQLClient client) {
        this.client = client;
    }

    /** Per task id, per event kind, how many events the server stored. */
    Uni<Map<String, Map<String, Integer>>> eventCounts(Collection<String> taskIds) {
        return client.executeAsync(AgentDocuments.STORED_EVENTS, Map.of("ids", new ArrayList<>(taskIds)))
                .map(response -> {
                    Map<String, Map<String, Integer>> counts = new HashMap<>();
                    JsonArray tasks = data(response, "tasks").asJsonArray();
                    for (JsonValue value : tasks) {
                        JsonObject task = value.asJsonObject();
                        Map<String, Integer> perKind = new HashMap<>();
                        for (JsonValue event : task.getJsonArray("events")) {
                            perKind.merge(event.asJsonObject().getString("kind"), 1, Integer::sum);
                        }
                        counts.put(task.getString("id"), perKind);
                    }
                    return counts;
                });
    }

    /** The task as the server stored it. */
    Uni<LostTask> task(String id) {
        return client.executeAsync(AgentDocuments.LOST_TASK, Map.of("id", id))
                .map(response -> {
                    JsonObject task = data(response, "task").asJsonObject();
                    List<String> kinds = new ArrayList<>();
                    for (JsonValue event : task.getJsonArray("events")) {
                        kinds.add(event.asJsonObject().getString("kind"));
                    }
                    JsonValue implementation = task.get("implementation");
                    String iface = implementation == null || implementation.getValueType() == JsonValue.ValueType.NULL
                            ? null
                            : implementation.asJsonObject().getString("interface", null);
                    JsonValue parent = task.get("parent");
                    String parentId = parent == null || parent.getValueType() == JsonValue.ValueType.NULL ? null
                            : parent.asJsonObject().getString("id");
                    JsonNode args;
                    try {
                        args = Frames.MAPPER.readTree(String.valueOf(task.get("args")));
                    } catch (Exception e) {
                        throw new IllegalStateException("The stored arguments of task " + id + " are not JSON", e);
                    }
                    return new LostTask(task.getString("id"), iface, args, parentId, kinds);
                });
    }

    private static JsonValue data(Response response, String field) {
        if (response.hasError()) {
            StringBuilder message = new StringBuilder(field).append(" failed:");
            for (GraphQLError error : response.getErrors()) {
                message.append(' ').append(error.getMessage());
            }
            throw new IllegalStateException(message.toString());
        }
        if (!response.hasData() || response.getData().isNull(field)) {
            throw new IllegalStateException(field + " returned no data");
        }
        return response.getData().get(field);
    }
}
