package io.quarkiverse.rekuest.test.wire;

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

/**
 * A caller that speaks raw GraphQL over HTTP to a rekuest server (JDK HttpClient + Jackson, no extension code), for
 * tests that look at the server's side of things: assign by implementation id, control a task, read its events, find
 * agents and tasks. Works against the embedded server and against a real one alike (only the documented operations).
 */
public class GraphQLCaller {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** What an agent reports (the server adds its own events, such as ASSIGN or CANCELING, around them). */
    public static final List<String> REPORTS = List.of("STARTED", "PROGRESS", "LOG", "YIELD", "COMPLETED", "FAILED",
            "CRITICAL", "CANCELLED", "INTERRUPTED", "PAUSED", "RESUMED");

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final GraphQLHttp http;

    /** A caller of the GraphQL endpoint {@code graphqlUrl} (ending in {@code /graphql}) with {@code token}. */
    public GraphQLCaller(String graphqlUrl, String token) {
        this.http = new GraphQLHttp(graphqlUrl, token);
    }

    /** A caller of the server at {@code baseUrl} (its GraphQL endpoint is {@code <baseUrl>/graphql}). */
    public static GraphQLCaller ofServer(String baseUrl, String token) {
        return new GraphQLCaller(graphqlUrl(baseUrl), token);
    }

    /** {@code <baseUrl>/graphql}. */
    public static String graphqlUrl(String baseUrl) {
        return (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/graphql";
    }

    /** Runs a query or mutation and returns its {@code data}; GraphQL errors fail the test. */
    public JsonNode data(String query, Map<String, Object> variables) {
        return http.data(query, variables == null ? Map.of() : variables);
    }

    /** The whole response ({@code data} and {@code errors}). */
    public JsonNode post(String query, Map<String, Object> variables) {
        return http.post(query, variables);
    }

    /** The id of the connected agent named {@code name}, once there is one (fails after 20 s). */
    public String agentNamed(String name) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
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

    /** The implementation id of {@code iface} of an agent. */
    public String implementation(String agentId, String iface) {
        String id = implementations(agentId).get(iface);
        if (id == null) {
            throw new AssertionError("agent " + agentId + " has no implementation " + iface);
        }
        return id;
    }

    /** The agent's client id, as the server sees it. */
    public String agentClient(String agentId) {
        return data("query($id: ID){ agent(id: $id){ client { clientId } } }", Map.of("id", agentId))
                .get("agent").get("client").get("clientId").asText();
    }

    /** Assigns a task to an implementation and returns the task's id. */
    public String assign(String implementation, Map<String, Object> args) {
        Map<String, Object> input = assignInput("implementation", implementation, args);
        return data("mutation($i: AssignInput!){ assign(input: $i){ id } }", Map.of("i", input))
                .get("assign").get("id").asText();
    }

    /**
     * An {@code AssignInput} naming its target by {@code field} ({@code implementation}, {@code action} ...) with these
     * args, not cached, logged, captured or ephemeral.
     */
    public static Map<String, Object> assignInput(String field, String id, Map<String, Object> args) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(field, id);
        input.put("args", args);
        input.put("cached", false);
        input.put("log", false);
        input.put("capture", false);
        input.put("ephemeral", false);
        return input;
    }

    /** {@code cancel}, {@code interrupt}, {@code pause} or {@code resume} a task. */
    public void control(String mutation, String task) {
        data("mutation($i: " + inputType(mutation) + "!){ " + mutation + "(input: $i){ id } }",
                Map.of("i", Map.of("task", task)));
    }

    /** {@code kick}, {@code bounce}, {@code block} or {@code unblock} an agent. */
    public void admin(String mutation, String agent) {
        data("mutation($i: " + inputType(mutation) + "!){ " + mutation + "(input: $i){ id } }",
                Map.of("i", Map.of("agent", agent)));
    }

    /** Makes the server drop the agent's connection (the agent reconnects). */
    public void bounce(String agent) {
        admin("bounce", agent);
    }

    /** The task with its events. */
    public JsonNode task(String id) {
        return data("query($id: ID!){ task(id: $id){ id isDone latestEventKind events { kind returns message progress } } }",
                Map.of("id", id)).get("task");
    }

    /** The task once done (fails after 20 s). */
    public JsonNode awaitDone(String id) {
        return awaitDone(id, TIMEOUT);
    }

    /** The task once done (fails after the timeout). */
    public JsonNode awaitDone(String id, Duration timeout) {
        return await(id, task -> task.get("isDone").asBoolean(), "done", timeout);
    }

    /** The task once it has an event of {@code kind} (fails after 20 s). */
    public JsonNode awaitEvent(String id, String kind) {
        return await(id, task -> kinds(task).contains(kind), "an event " + kind, TIMEOUT);
    }

    private JsonNode await(String id, Predicate<JsonNode> condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode task = task(id);
        while (!condition.test(task)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Task " + id + " has no " + what + " within " + timeout + ": " + task);
            }
            sleep(20);
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
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            for (String id : taskIds(key)) {
                if (!known.contains(id)) {
                    return id;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No new task of " + key + " within " + TIMEOUT);
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

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String inputType(String mutation) {
        return Character.toUpperCase(mutation.charAt(0)) + mutation.substring(1) + "Input";
    }
}
