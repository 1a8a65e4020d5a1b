package io.quarkiverse.rekuest.deployment.devmode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkus.test.QuarkusDevModeTest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Dev mode: editing a {@code @Node} (its Javadoc description, a new method) and reloading re-registers the agent, and
 * the rekuest server sees the new definitions. The server is an embedded one owned by the test (Dev Services off), so
 * that the test can query it.
 */
public class NodeReloadDevModeTest {

    static final DevServer SERVER = DevServer.start(DevServerConfig.builder().port(0).build());
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final int HTTP_PORT = freePort();

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(root -> root.addClass(ReloadNodes.class)
                    .addAsResource(new StringAsset(String.join("\n",
                            "quarkus.rekuest.devservices.enabled=false",
                            "quarkus.rekuest.url=" + SERVER.httpUrl(),
                            "quarkus.rekuest.token=dev:devmode",
                            "quarkus.rekuest.agent.name=devmode",
                            "quarkus.rekuest.agent.shutdown-grace=0s",
                            "quarkus.http.port=" + HTTP_PORT,
                            "")), "application.properties"));

    @AfterAll
    static void close() {
        SERVER.close();
    }

    @Test
    void editingANodeReRegistersIt() {
        Map<String, String> nodes = awaitNodes(found -> found.containsKey("echo"));
        assertEquals(Map.of("echo", "The first description."), nodes);

        TEST.modifySourceFile(ReloadNodes.class, source -> source.replace("The first description.", "The second description."));
        reload();
        nodes = awaitNodes(found -> "The second description.".equals(found.get("echo")));
        assertEquals(Map.of("echo", "The second description."), nodes);

        TEST.modifySourceFile(ReloadNodes.class, source -> source.replace("// ADDED NODES", String.join("\n",
                "/** Adds one. */",
                "    @Node",
                "    public int increment(int value) {",
                "        return value + 1;",
                "    }")));
        reload();
        nodes = awaitNodes(found -> found.containsKey("increment"));
        assertEquals(Map.of("echo", "The second description.", "increment", "Adds one."), nodes);
    }

    /** Live reload happens on the next HTTP request to the application. */
    static void reload() {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The interfaces the connected agent {@code devmode} implements, with their actions' descriptions. */
    static Map<String, String> nodes() {
        JsonNode agents = query("{ agents { name connected implementations { interface action { description } } } }")
                .get("agents");
        Map<String, String> nodes = new TreeMap<>();
        for (JsonNode agent : agents) {
            if (agent.get("name").asText().equals("devmode") && agent.get("connected").asBoolean()) {
                agent.get("implementations").forEach(i -> nodes.put(i.get("interface").asText(),
                        i.get("action").get("description").asText(null)));
            }
        }
        return nodes;
    }

    static Map<String, String> awaitNodes(Predicate<Map<String, String>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, String> nodes = nodes();
        while (!condition.test(nodes)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The server does not see the expected nodes in time: " + nodes);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            nodes = nodes();
        }
        return nodes;
    }

    static JsonNode query(String query) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(SERVER.graphqlUrl()))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer dev-token")
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(Map.of("query", query))))
                    .build();
            JsonNode response = MAPPER.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
            if (response.has("errors")) {
                throw new AssertionError("GraphQL errors: " + response);
            }
            return response.get("data");
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
