package io.quarkiverse.rekuest.test.wire;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The embedded server's fault endpoints ({@code POST /_dev/faults/...}, see delivery.adoc), for tests that need the
 * server to misbehave on purpose: close an agent's socket with a code, stall its connection, swallow its next ASSIGNs,
 * restart the whole server. Only the embedded rekuest server has them (Dev Services and the standalone jar); a real
 * server answers 404.
 */
public final class FaultControls {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String baseUrl;
    private final String token;

    /** The fault endpoints of the server at {@code baseUrl}, called with a token it accepts. */
    public FaultControls(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** Closes the agent's socket with {@code code} (e.g. 1011, 3001); the agent reconnects as after a real close. */
    public JsonNode closeAgent(String agentId, int code) {
        return post("/agents/" + encode(agentId) + "/close?code=" + code);
    }

    /** Stops reading the agent's frames for {@code duration} (a slow server). */
    public JsonNode stallAgent(String agentId, Duration duration) {
        return post("/agents/" + encode(agentId) + "/stall?ms=" + duration.toMillis());
    }

    /** Drops the next {@code count} ASSIGNs to the agent (a lost message; the inquiry after a reconnect finds them). */
    public JsonNode stealAssigns(String agentId, int count) {
        return post("/agents/" + encode(agentId) + "/steal-assigns?count=" + count);
    }

    /** Restarts the server, down for {@code down} (every socket closed, in-memory state kept). */
    public JsonNode restart(Duration down) {
        return post("/restart?downMs=" + down.toMillis());
    }

    private JsonNode post(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/_dev/faults" + path))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404 && !response.body().startsWith("{")) {
                throw new AssertionError("The server at " + baseUrl + " has no fault endpoints (only the embedded rekuest "
                        + "server has them, with faultEndpoints on)");
            }
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError("POST /_dev/faults" + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("POST /_dev/faults" + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
