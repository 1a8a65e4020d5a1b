package io.quarkiverse.rekuest.test.wire;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A raw GraphQL-over-HTTP client for tests (JDK HttpClient + Jackson). */
public final class GraphQLHttp {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String url;
    private final String token;

    public GraphQLHttp(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /** The whole response body ({@code data} and {@code errors}). */
    public JsonNode post(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables == null ? Map.of() : variables);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code data}, failing the test on any GraphQL error. */
    public JsonNode data(String query, Map<String, Object> variables) {
        JsonNode response = post(query, variables);
        if (response.has("errors") && !response.get("errors").isNull()) {
            throw new AssertionError("GraphQL errors: " + response);
        }
        return response.get("data");
    }

    /** The first error message, failing the test if there is none. */
    public String error(String query, Map<String, Object> variables) {
        JsonNode response = post(query, variables);
        if (!response.has("errors") || response.get("errors").isEmpty()) {
            throw new AssertionError("expected an error: " + response);
        }
        return response.get("errors").get(0).get("message").asText();
    }
}
