package io.quarkiverse.rekuest.devserver.graphql;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.devserver.Fixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /graphql is served without the router, so it enforces its own body limit (16 MiB) and keeps serving. */
class HttpBodyLimitTest {

    private final Fixture fx = new Fixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void anOversizedBodyIsRefusedWith413AndTheServerKeepsServing() throws Exception {
        byte[] huge = new byte[17 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(fx.server.graphqlUrl()))
                        .header("Authorization", "Bearer " + Fixture.CALLER)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("larger than"), response.body());
        assertTrue(fx.graphql(Fixture.CALLER).data("{ agents { id } }", Map.of()).has("agents"));
    }
}
