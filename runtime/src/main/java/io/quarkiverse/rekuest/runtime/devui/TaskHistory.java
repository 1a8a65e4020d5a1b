package io.quarkiverse.rekuest.runtime.devui;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.smallrye.graphql.client.GraphQLError;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.mutiny.Uni;

/**
 * The server's record of tasks, read with its GraphQL {@code tasks} and {@code task} queries (v2.2.0): the recent tasks
 * the application's identity may see (its agent's and its callers'), and the event timeline of one.
 */
final class TaskHistory {

    static final String TASKS = """
            query DevUiTasks($pagination: OffsetPaginationInput) {
              tasks(ordering: [{createdAt: DESC}], pagination: $pagination) {
                id isDone args latestEventKind createdAt finishedAt
                action { key name }
                agent { id name }
                parent { id }
                events { kind returns message createdAt }
              }
            }""";

    static final String TASK = """
            query DevUiTask($id: ID!) {
              task(id: $id) {
                id isDone args latestEventKind createdAt finishedAt
                action { key name }
                agent { id name }
                parent { id }
                events { id kind returns message progress createdAt }
              }
            }""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final RekuestConnection connection;

    TaskHistory(RekuestConnection connection) {
        this.connection = connection;
    }

    /** The {@code limit} most recent tasks, newest first, each with its events. */
    @SuppressWarnings("unchecked")
    Uni<List<Map<String, Object>>> recent(int limit) {
        return query(TASKS, Map.of("pagination", Map.of("limit", limit, "offset", 0)))
                .map(data -> (List<Map<String, Object>>) data.get("tasks"));
    }

    /** One task with its event timeline. */
    @SuppressWarnings("unchecked")
    Uni<Map<String, Object>> task(String id) {
        return query(TASK, Map.of("id", id)).map(data -> (Map<String, Object>) data.get("task"));
    }

    private Uni<Map<String, Object>> query(String document, Map<String, Object> variables) {
        return Uni.createFrom().deferred(() -> {
            DynamicGraphQLClient client = connection.graphqlClient();
            return client.executeAsync(document, variables)
                    .map(TaskHistory::data)
                    .onFailure().invoke(connection::onFailure)
                    .eventually(() -> close(client));
        });
    }

    private static Map<String, Object> data(Response response) {
        if (response.hasError()) {
            StringBuilder messages = new StringBuilder();
            for (GraphQLError error : response.getErrors()) {
                messages.append(messages.isEmpty() ? "" : "; ").append(error.getMessage());
            }
            throw new IllegalStateException("The rekuest server refused the task query: " + messages);
        }
        try {
            return JSON.readValue(response.getData().toString(), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The rekuest server answered the task query with invalid JSON", e);
        }
    }

    private static void close(DynamicGraphQLClient client) {
        try {
            client.close();
        } catch (Exception e) {
            // nothing left to release
        }
    }
}
