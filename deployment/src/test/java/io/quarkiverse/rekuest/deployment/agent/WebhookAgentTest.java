package io.quarkiverse.rekuest.deployment.agent;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.agent.webhook.WebhookSignature;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

import static io.quarkiverse.rekuest.test.wire.GraphQLCaller.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application with {@code quarkus.rekuest.agent.transport=webhook} against the embedded server: no socket; the server
 * POSTs every message to the application's intake, the agent reports by POSTing to {@code /agi/http/<agent>}.
 */
public class WebhookAgentTest {

    static final String URL = TestServer.url("webhook");
    static final String SECRET = "webhook-test-secret-0123456789";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(WebhookNodes.class, TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:webhook")
            .overrideConfigKey("quarkus.rekuest.agent.name", "webhook")
            .overrideConfigKey("quarkus.rekuest.agent.transport", "webhook")
            .overrideConfigKey("quarkus.rekuest.agent.webhook.secret", SECRET)
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @TestHTTPResource("rekuest/webhook")
    URL intake;

    GraphQLCaller caller = new GraphQLCaller(URL + "/graphql", "dev-token");
    Map<String, String> implementations;

    @BeforeEach
    void registered() throws InterruptedException {
        // a webhook agent registers once the HTTP server listens, after start-up
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!agent.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(agent.isConnected(), "the webhook agent registered");
        implementations = caller.implementations(agent.agentId());
    }

    String assign(String iface, Map<String, Object> args) {
        return caller.assign(implementations.get(iface), args);
    }

    static List<String> reports(JsonNode task) {
        List<String> kinds = new ArrayList<>(GraphQLCaller.kinds(task));
        kinds.retainAll(GraphQLCaller.REPORTS);
        return kinds;
    }

    @Test
    void theServerKnowsAWebhookAgentThatHasNoConnection() {
        JsonNode server = caller.data("query($id: ID){ agent(id: $id){ kind hookUrl connected } }",
                Map.of("id", agent.agentId())).get("agent");
        assertEquals("WEBHOOK", server.get("kind").asText(), server::toString);
        assertTrue(server.get("hookUrl").asText().endsWith("/rekuest/webhook"), server::toString);
        assertEquals(intake.getPort(), URI.create(server.get("hookUrl").asText()).getPort(), server::toString);
        assertEquals(false, server.get("connected").asBoolean(), server::toString);
    }

    @Test
    void valuesGoInAndComeBack() {
        JsonNode task = caller.awaitDone(assign("add", Map.of("a", 2, "b", 3)));
        assertEquals(List.of("YIELD", "COMPLETED"), reports(task), task::toString);
        assertEquals(5, event(task, "YIELD").get("returns").get("return0").asInt());
    }

    @Test
    void aGeneratorYieldsEveryItemInOrder() {
        JsonNode task = caller.awaitDone(assign("count_to", Map.of("n", 4)));
        assertEquals(List.of("YIELD", "YIELD", "YIELD", "YIELD", "COMPLETED"), reports(task), task::toString);
        List<Integer> items = new ArrayList<>();
        task.get("events").forEach(e -> {
            if ("YIELD".equals(e.get("kind").asText())) {
                items.add(e.get("returns").get("return0").asInt());
            }
        });
        assertEquals(List.of(1, 2, 3, 4), items);
    }

    @Test
    void aFailureIsReported() {
        JsonNode task = caller.awaitDone(assign("refuse", Map.of("why", "no")));
        assertEquals(List.of("FAILED"), reports(task), task::toString);
        assertTrue(event(task, "FAILED").get("message").asText().contains("refused: no"), task::toString);
    }

    @Test
    void cancelReachesTheRunningTask() throws InterruptedException {
        String id = assign("slow_blocking", Map.of());
        Thread.sleep(300);
        caller.control("cancel", id);
        JsonNode task = caller.awaitDone(id);
        assertEquals(List.of("CANCELLED"), reports(task), task::toString);
    }

    @Test
    void everyReportIsAcknowledged() throws InterruptedException {
        caller.awaitDone(assign("add", Map.of("a", 1, "b", 1)));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (agent.unconfirmedReports() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, agent.unconfirmedReports());
    }

    @Test
    void aMessageWithABadOrMissingSignatureIs401AndRunsNothing() throws Exception {
        int before = WebhookNodes.ADDS.get();
        String assign = "{\"id\":\"f1\",\"type\":\"ASSIGN\",\"task\":\"forged-1\",\"interface\":\"add\","
                + "\"args\":{\"a\":1,\"b\":2}}";
        byte[] body = assign.getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post(body, new WebhookSignature("another-secret-0123456789").sign(body)).statusCode());
        assertEquals(401, post(body, null).statusCode());
        assertEquals(401, post(body, "not hex at all").statusCode());
        byte[] other = assign.replace("forged-1", "forged-2").getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post(other, new WebhookSignature(SECRET).sign(body)).statusCode(), "signature of another body");
        Thread.sleep(300);
        assertEquals(before, WebhookNodes.ADDS.get(), "nothing ran");
        // the same message, signed, is taken (and answered at once)
        HttpResponse<String> taken = post(body, new WebhookSignature(SECRET).sign(body));
        assertEquals(200, taken.statusCode(), taken::body);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (WebhookNodes.ADDS.get() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(before + 1, WebhookNodes.ADDS.get(), "a signed ASSIGN runs");
    }

    HttpResponse<String> post(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(intake.toURI())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
