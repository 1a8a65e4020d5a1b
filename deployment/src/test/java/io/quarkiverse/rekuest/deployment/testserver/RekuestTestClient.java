package io.quarkiverse.rekuest.deployment.testserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tests' own caller, for the agent and the auth tests: raw GraphQL over HTTP against the embedded server (JDK
 * HttpClient + Jackson).
 */
public final class RekuestTestClient {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** What an agent reports (the server adds its own events around them). */
    public static final Set<String> REPORTS = Set.of("STARTED", "PROGRESS", "LOG", "YIELD", "COMPLETED",
            "FAILED", "CRITICAL", "CANCELLED", "INTERRUPTED", "PAUSED", "RESUMED");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String url;
    private final String token;

    public RekuestTestClient(String graphqlUrl, String token) {
        this.url = graphqlUrl;
        this.token = token;
    }

    public JsonNode data(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))).build();
            JsonNode response = MAPPER.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
            assertTrue(!response.has("errors") || response.get("errors").isNull(), () -> "GraphQL errors: " + response);
            return response.get("data");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The implementation id of each interface of an agent. */
    public Map<String, String> implementations(String agentId) {
        Map<String, String> ids = new LinkedHashMap<>();
        data("query($id: ID){ agent(id: $id){ implementations { id interface } } }", Map.of("id", agentId))
                .get("agent").get("implementations")
                .forEach(
                        implementation -> ids.put(implementation.get("interface").asText(), implementation.get("id").asText()));
        return ids;
    }

    /** The implementation id of {@code iface} of an agent. */
    public String implementation(String agentId, String iface) {
        String id = implementations(agentId).get(iface);
        if (id == null) {
            throw new AssertionError("agent " + agentId + " has no implementation " + iface);
        }
        return id;
    }

    /** Assigns and returns the task id. */
    public String assign(String implementation, Map<String, Object> args) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("implementation", implementation);
        input.put("args", args);
        input.put("cached", false);
        input.put("log", false);
        input.put("capture", false);
        input.put("ephemeral", false);
        return data("mutation($i: AssignInput!){ assign(input: $i){ id } }", Map.of("i", input)).get("assign").get("id")
                .asText();
    }

    public void control(String mutation, String task) {
        data("mutation($i: " + Character.toUpperCase(mutation.charAt(0)) + mutation.substring(1) + "Input!){ " + mutation
                + "(input: $i){ id } }", Map.of("i", Map.of("task", task)));
    }

    public void admin(String mutation, String agent) {
        data("mutation($i: " + Character.toUpperCase(mutation.charAt(0)) + mutation.substring(1) + "Input!){ " + mutation
                + "(input: $i){ id } }", Map.of("i", Map.of("agent", agent)));
    }

    /** Makes the server drop the agent's connection (the agent reconnects). */
    public void bounce(String agent) {
        admin("bounce", agent);
    }

    /** The agent's client, as the server sees it. */
    public String agentClient(String agentId) {
        return data("query($id: ID){ agent(id: $id){ client { clientId } } }", Map.of("id", agentId))
                .get("agent").get("client").get("clientId").asText();
    }

    public JsonNode task(String id) {
        return data("query($id: ID!){ task(id: $id){ id isDone latestEventKind events { kind returns message } } }",
                Map.of("id", id)).get("task");
    }

    /** The task once done (fails after 15 s). */
    public JsonNode awaitDone(String id) {
        return awaitDone(id, TIMEOUT);
    }

    /** The task once done (fails after the timeout). */
    public JsonNode awaitDone(String id, Duration timeout) {
        return await(id, task -> task.get("isDone").asBoolean(), "done", timeout);
    }

    /** The task once it has an event of {@code kind}. */
    public JsonNode awaitEvent(String id, String kind) {
        return await(id, task -> kinds(task).contains(kind), "an event " + kind, TIMEOUT);
    }

    private JsonNode await(String id, Predicate<JsonNode> condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode task = task(id);
        while (!condition.test(task)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Task " + id + " has no " + what + " in time: " + task);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            task = task(id);
        }
        return task;
    }

    /** The kinds of a task's events, in order. */
    public static List<String> kinds(JsonNode task) {
        List<String> kinds = new ArrayList<>();
        task.get("events").forEach(event -> kinds.add(event.get("kind").asText()));
        return kinds;
    }

    /** The event of {@code kind} (the last one). */
    public static JsonNode event(JsonNode task, String kind) {
        JsonNode found = null;
        for (JsonNode event : task.get("events")) {
            if (event.get("kind").asText().equals(kind)) {
                found = event;
            }
        }
        if (found == null) {
            throw new AssertionError("No " + kind + " event in " + task);
        }
        return found;
    }
}
