package io.quarkiverse.rekuest.runtime.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.runtime.graphql.AgentDocuments;
import io.quarkiverse.rekuest.runtime.graphql.GraphQLResponses;
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

    /** Tasks read in one request at most. */
    private static final int BATCH = 50;

    private final DynamicGraphQLClient client;

    StoredTasks(DynamicGraphQLClient client) {
        this.client = client;
    }

    /**
     * Per task id, per event kind, how many events the server stored. A task the server does not know (its lookup
     * failed) is left out: it has none.
     */
    Uni<Map<String, Map<String, Integer>>> eventCounts(Collection<String> taskIds) {
        List<String> ids = new ArrayList<>(taskIds);
        List<Uni<Map<String, Map<String, Integer>>>> batches = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            batches.add(eventCountsOf(batch).onFailure().recoverWithUni(failure -> oneByOne(batch, failure)));
        }
        return merged(batches);
    }

    /**
     * A batch failed as a whole: {@code task} is non-null, so one unknown id nulls the whole answer. Each id on its own
     * then, and an id the server does not know ("... matching query does not exist") has no stored events.
     */
    private Uni<Map<String, Map<String, Integer>>> oneByOne(List<String> batch, Throwable failure) {
        if (batch.size() == 1) {
            String message = String.valueOf(failure.getMessage());
            return message.contains("does not exist") ? Uni.createFrom().item(Map.of())
                    : Uni.createFrom().failure(failure);
        }
        List<Uni<Map<String, Map<String, Integer>>>> singles = new ArrayList<>();
        for (String id : batch) {
            singles.add(eventCountsOf(List.of(id)).onFailure().recoverWithUni(f -> oneByOne(List.of(id), f)));
        }
        return merged(singles);
    }

    /** The counts of several requests as one map (an empty one for no request). */
    private static Uni<Map<String, Map<String, Integer>>> merged(List<Uni<Map<String, Map<String, Integer>>>> parts) {
        if (parts.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(parts).andFailFast().map(results -> {
            Map<String, Map<String, Integer>> all = new HashMap<>();
            results.forEach(all::putAll);
            return all;
        });
    }

    private Uni<Map<String, Map<String, Integer>>> eventCountsOf(List<String> ids) {
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            variables.put("t" + i, ids.get(i));
        }
        WireLog.graphql(AgentDocuments.storedEvents(ids.size()), variables);
        return client.executeAsync(AgentDocuments.storedEvents(ids.size()), variables).map(response -> {
            if (response.hasError() || !response.hasData()) {
                // the request failed (as a whole: the lookups are non-null), say why
                GraphQLResponses.data(response, "t0");
            }
            Map<String, Map<String, Integer>> counts = new HashMap<>();
            JsonObject data = response.getData();
            for (int i = 0; i < ids.size(); i++) {
                JsonValue task = data.get("t" + i);
                if (task == null || task.getValueType() == JsonValue.ValueType.NULL) {
                    continue;
                }
                Map<String, Integer> perKind = new HashMap<>();
                for (JsonValue event : task.asJsonObject().getJsonArray("events")) {
                    perKind.merge(event.asJsonObject().getString("kind"), 1, Integer::sum);
                }
                counts.put(ids.get(i), perKind);
            }
            return counts;
        });
    }

    /** The task as the server stored it. */
    Uni<LostTask> task(String id) {
        WireLog.graphql(AgentDocuments.LOST_TASK, id);
        return client.executeAsync(AgentDocuments.LOST_TASK, Map.of("id", id))
                .map(response -> {
                    JsonObject task = GraphQLResponses.data(response, "task").asJsonObject();
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

}
