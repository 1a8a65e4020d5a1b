package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rekuest caller for the tests: GraphQL over HTTP (RestAssured) against the server the application is connected to
 * (the embedded one, from Dev Services).
 */
public final class RekuestCaller {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** What an agent reports (the server adds its own events, such as ASSIGN or CANCELING, around them). */
    static final List<String> REPORTS = List.of("STARTED", "PROGRESS", "LOG", "YIELD", "COMPLETED", "FAILED", "CRITICAL",
            "CANCELLED", "INTERRUPTED", "PAUSED", "RESUMED");

    private final String graphql;
    private final String token;

    public RekuestCaller(String serverUrl, String token) {
        this.graphql = (serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl) + "/graphql";
        this.token = token;
    }

    /** Runs a query or mutation and returns its {@code data}; GraphQL errors fail the test. */
    public JsonNode data(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        String response = given().baseUri(graphql).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + token)
                .body(body)
                .when().post()
                .then().statusCode(200)
                .extract().asString();
        try {
            JsonNode json = MAPPER.readTree(response);
            assertTrue(!json.has("errors") || json.get("errors").isNull(), () -> "GraphQL errors: " + response);
            return json.get("data");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a query or mutation and returns the whole response ({@code data} and {@code errors}). */
    public JsonNode response(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        String response = given().baseUri(graphql).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + token)
                .body(body)
                .when().post()
                .then().statusCode(200)
                .extract().asString();
        try {
            return MAPPER.readTree(response);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of the connected agent named {@code name}. */
    public String agentNamed(String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            for (JsonNode agent : data("{ agents { id name connected } }", Map.of()).get("agents")) {
                if (agent.get("name").asText().equals(name) && agent.get("connected").asBoolean()) {
                    return agent.get("id").asText();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No connected agent named " + name);
            }
            sleep(50);
        }
    }

    /** The implementation id of each interface the agent serves. */
    public Map<String, String> implementations(String agentId) {
        Map<String, String> ids = new LinkedHashMap<>();
        data("query($id: ID){ agent(id: $id){ implementations { id interface } } }", Map.of("id", agentId))
                .get("agent").get("implementations")
                .forEach(i -> ids.put(i.get("interface").asText(), i.get("id").asText()));
        return ids;
    }

    /** Assigns a task to an implementation and returns the task's id. */
    public String assign(String implementation, Map<String, Object> args) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("implementation", implementation);
        input.put("args", args);
        input.put("cached", false);
        input.put("log", false);
        input.put("capture", false);
        input.put("ephemeral", false);
        return data("mutation($i: AssignInput!){ assign(input: $i){ id } }", Map.of("i", input))
                .get("assign").get("id").asText();
    }

    /** {@code cancel}, {@code interrupt}, {@code pause} or {@code resume} a task. */
    public void control(String mutation, String task) {
        String input = Character.toUpperCase(mutation.charAt(0)) + mutation.substring(1) + "Input";
        data("mutation($i: " + input + "!){ " + mutation + "(input: $i){ id } }", Map.of("i", Map.of("task", task)));
    }

    /** {@code kick}, {@code bounce}, {@code block} or {@code unblock} an agent. */
    public void admin(String mutation, String agent) {
        String input = Character.toUpperCase(mutation.charAt(0)) + mutation.substring(1) + "Input";
        data("mutation($i: " + input + "!){ " + mutation + "(input: $i){ id } }", Map.of("i", Map.of("agent", agent)));
    }

    /** The task with its events. */
    public JsonNode task(String id) {
        return data("query($id: ID!){ task(id: $id){ id isDone events { kind returns message progress } } }",
                Map.of("id", id)).get("task");
    }

    public JsonNode awaitDone(String id) {
        return await(id, task -> task.get("isDone").asBoolean(), "done");
    }

    public JsonNode awaitEvent(String id, String kind) {
        return await(id, task -> kinds(task).contains(kind), "an event " + kind);
    }

    private JsonNode await(String id, Predicate<JsonNode> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode task = task(id);
        while (!condition.test(task)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Task " + id + " is not " + what + " in time: " + task);
            }
            sleep(25);
            task = task(id);
        }
        return task;
    }

    /** The task with where it ran, its parent and its children (nested calls). */
    public JsonNode taskTree(String id) {
        return data("query($id: ID!){ task(id: $id){ id isDone latestEventKind action { key } agent { id name } parent { id }"
                + " events { kind returns message } children { id isDone latestEventKind action { key } agent { id name }"
                + " parent { id } } } }", Map.of("id", id)).get("task");
    }

    /** The ids of every task of the action with {@code key} so far. */
    public Set<String> taskIds(String key) {
        Set<String> ids = new HashSet<>();
        data("{ tasks { id action { key } } }", Map.of()).get("tasks").forEach(task -> {
            if (key.equals(task.path("action").path("key").asText())) {
                ids.add(task.get("id").asText());
            }
        });
        return ids;
    }

    /** The id of a task of the action with {@code key} that is not one of {@code known}, once there is one. */
    public String awaitNewTask(String key, Set<String> known) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            for (String id : taskIds(key)) {
                if (!known.contains(id)) {
                    return id;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No new task of " + key + " in time");
            }
            sleep(20);
        }
    }

    /** The kinds of the task's events, in order. */
    public static List<String> kinds(JsonNode task) {
        List<String> kinds = new ArrayList<>();
        task.get("events").forEach(event -> kinds.add(event.get("kind").asText()));
        return kinds;
    }

    /** The kinds of the events the agent reported, in order. */
    public static List<String> reports(JsonNode task) {
        List<String> kinds = kinds(task);
        kinds.retainAll(REPORTS);
        return kinds;
    }

    /** The last event of a kind. */
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

    /** The {@code return0} of the last YIELD. */
    public static JsonNode result(JsonNode task) {
        return event(task, "YIELD").get("returns").get("return0");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
