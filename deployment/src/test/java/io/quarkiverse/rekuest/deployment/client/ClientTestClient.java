package io.quarkiverse.rekuest.deployment.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Raw GraphQL against the embedded server, to look at tasks behind the proxies' backs. */
final class ClientTestClient {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String url;
    private final String token;

    ClientTestClient(String url, String token) {
        this.url = url;
        this.token = token;
    }

    JsonNode data(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))).build();
            JsonNode response = MAPPER.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
            if (response.has("errors") && !response.get("errors").isNull()) {
                throw new AssertionError("GraphQL errors: " + response);
            }
            return response.get("data");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode task(String id) {
        return data("query($id: ID!){ task(id: $id){ id isDone latestEventKind parent { id } events { kind } } }",
                Map.of("id", id)).get("task");
    }

    JsonNode children(String id) {
        return data("query($id: ID!){ task(id: $id){ children { id action { key } } } }", Map.of("id", id)).get("task")
                .get("children");
    }

    /** The id of the newest open task of the action with {@code key}. */
    String awaitOpenTask(String key) {
        return await(() -> {
            JsonNode tasks = data("query { tasks { id isDone action { key } } }", Map.of()).get("tasks");
            String found = null;
            for (JsonNode task : tasks) {
                if (key.equals(task.path("action").path("key").asText()) && !task.get("isDone").asBoolean()) {
                    found = task.get("id").asText();
                }
            }
            return found;
        }, "an open task of " + key);
    }

    JsonNode awaitEvent(String id, String kind) {
        return await(() -> {
            JsonNode task = task(id);
            return kinds(task).contains(kind) ? task : null;
        }, "an event " + kind + " of task " + id);
    }

    private static <T> T await(java.util.function.Supplier<T> probe, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No " + what + " in time");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static List<String> kinds(JsonNode task) {
        List<String> kinds = new ArrayList<>();
        task.get("events").forEach(event -> kinds.add(event.get("kind").asText()));
        return kinds;
    }

    @SuppressWarnings("unused")
    private static boolean any(JsonNode nodes, Predicate<JsonNode> test) {
        for (JsonNode node : nodes) {
            if (test.test(node)) {
                return true;
            }
        }
        return false;
    }
}
