package io.quarkiverse.rekuest.devserver.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.Fixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dev-only HTTP fault endpoints under {@code /_dev/faults/}: off unless enabled, token required. */
class FaultEndpointsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static HttpResponse<String> post(Fixture fx, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fx.server.httpUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void endpointsAreOffByDefault() throws Exception {
        try (Fixture fx = new Fixture()) {
            assertEquals(404, post(fx, "/_dev/faults/restart?downMs=100", Fixture.CALLER).statusCode());
        }
    }

    @Test
    void closeStallStealAndRestartOverHttp() throws Exception {
        try (Fixture fx = new Fixture(
                DevServerConfig.builder().faultEndpoints(true).heartbeatInterval(Duration.ofSeconds(30)))) {
            Agi.Implemented add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
            String agentId = add.agentId();

            assertEquals(401, post(fx, "/_dev/faults/agents/" + agentId + "/close?code=1011", null).statusCode());
            assertEquals(401, post(fx, "/_dev/faults/agents/" + agentId + "/close?code=1011", "not-a-token").statusCode());
            HttpResponse<String> badCode = post(fx, "/_dev/faults/agents/" + agentId + "/close?code=abc", Fixture.CALLER);
            assertEquals(400, badCode.statusCode());
            assertTrue(badCode.body().contains("code"), badCode.body());
            assertEquals(404, post(fx, "/_dev/faults/agents/" + agentId + "/stall?ms=10", Fixture.CALLER).statusCode(),
                    "no open connection yet");
            assertEquals(404, post(fx, "/_dev/faults/agents/999/steal-assigns?count=1", Fixture.CALLER).statusCode());

            try (Agi.Connection agent = Agi.register(fx, Fixture.AGENT, Agi.session(), false)) {
                assertEquals(200, post(fx, "/_dev/faults/agents/" + agentId + "/stall?ms=10", Fixture.CALLER).statusCode());
                HttpResponse<String> steal = post(fx, "/_dev/faults/agents/" + agentId + "/steal-assigns?count=1",
                        Fixture.CALLER);
                assertEquals(200, steal.statusCode(), steal.body());
                String stolen = Agi.assign(fx, Fixture.CALLER, add.actionId());
                String delivered = Agi.assign(fx, Fixture.CALLER, add.actionId());
                assertEquals(delivered, agent.socket().next().get("task").asText(), "task " + stolen + " was stolen");

                HttpResponse<String> close = post(fx, "/_dev/faults/agents/" + agentId + "/close?code=3001&reason=late",
                        Fixture.CALLER);
                assertEquals(200, close.statusCode(), close.body());
                agent.socket().assertClosedWith(3001);
            }

            HttpResponse<String> restart = post(fx, "/_dev/faults/restart?downMs=300", Fixture.CALLER);
            assertEquals(200, restart.statusCode(), restart.body());
            // down, then back on the same port
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
                try {
                    return post(fx, "/_dev/faults/agents/" + agentId + "/stall?ms=1", Fixture.CALLER).statusCode() == 404;
                } catch (Exception refused) {
                    return false;
                }
            });
        }
    }
}
