package io.quarkiverse.rekuest.deployment.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The test's own caller: raw GraphQL over HTTP with the dev server's {@code dev-token} (same organization). */
final class Caller {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String url;

    Caller(String serverUrl) {
        this.url = serverUrl + "/graphql";
    }

    JsonNode data(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer dev-token")
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))).build();
            JsonNode response = MAPPER.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
            if (response.has("errors") && !response.get("errors").isNull()) {
                throw new AssertionError("GraphQL errors: " + response);
            }
            return response.get("data");
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The implementation id of {@code iface} of an agent. */
    String implementation(String agentId, String iface) {
        for (JsonNode implementation : data("query($id: ID){ agent(id: $id){ implementations { id interface } } }",
                Map.of("id", agentId)).get("agent").get("implementations")) {
            if (implementation.get("interface").asText().equals(iface)) {
                return implementation.get("id").asText();
            }
        }
        throw new AssertionError("agent " + agentId + " has no implementation " + iface);
    }

    String assign(String implementation, Map<String, Object> args) {
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

    void bounce(String agent) {
        data("mutation($i: BounceInput!){ bounce(input: $i){ id } }", Map.of("i", Map.of("agent", agent)));
    }

    JsonNode task(String id) {
        return data("query($id: ID!){ task(id: $id){ id isDone latestEventKind events { kind returns message } } }",
                Map.of("id", id)).get("task");
    }

    JsonNode awaitDone(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode task = task(id);
        while (!task.get("isDone").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Task " + id + " not done in time: " + task);
            }
            AuthFixture.sleep(20);
            task = task(id);
        }
        return task;
    }

    /** The agent's client, as the server sees it. */
    String agentClient(String agentId) {
        return data("query($id: ID){ agent(id: $id){ client { clientId } } }", Map.of("id", agentId))
                .get("agent").get("client").get("clientId").asText();
    }
}
