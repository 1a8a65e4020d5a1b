package io.quarkiverse.rekuest.devserver.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook agents on the embedded server (§2.11): the server POSTs each message, signed, inside the call that queued it,
 * with a timeout and no retry; the agent reports at {@code /agi/http/<agent>}, signed, and gets the reply in the
 * response.
 */
class WebhookAgentTest {

    static final String SECRET = "a-test-secret-of-some-length";
    static final String ENSURE = "mutation($i: AgentInput!){ ensureAgent(input:$i){ id kind hookUrl hookUrlSecret } }";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper MAPPER = new ObjectMapper();

    Fixture fixture;
    HookReceiver hook;
    String agentId;
    String actionId;

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture(DevServerConfig.builder().webhookTimeout(Duration.ofMillis(1000)));
        hook = new HookReceiver();
    }

    @AfterEach
    void stop() {
        hook.close();
        fixture.close();
    }

    /** ensureAgent as a WEBHOOK agent, then implementAgent with {@code add}. */
    void registerWebhookAgent(String hookUrl) {
        JsonNode agent = fixture.graphql(Fixture.AGENT).data(ENSURE, Map.of("i", Map.of("name", "hooked", "kind", "WEBHOOK",
                "hookUrl", hookUrl, "hookUrlSecret", SECRET))).get("ensureAgent");
        assertEquals("WEBHOOK", agent.get("kind").asText());
        assertTrue(agent.get("hookUrlSecret").isNull(), "the secret is never given out: " + agent);
        agentId = agent.get("id").asText();
        JsonNode implemented = fixture.implement(Fixture.AGENT, List.of(Fixture.add()));
        actionId = implemented.get("implementations").get(0).get("action").get("id").asText();
    }

    @Test
    void assignPostsTheSignedAssignInsideTheCallWithoutAnyConnection() {
        registerWebhookAgent(hook.url());
        hook.answerAfterMillis = 400;
        long start = System.nanoTime();
        String task = fixture.assign(Fixture.CALLER, actionId, Map.of("a", 1, "b", 2));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 400, "assign answers only after the POST was answered; took " + tookMs + " ms");
        List<HookReceiver.Post> assigns = hook.ofType("ASSIGN");
        assertEquals(1, assigns.size(), () -> "posts: " + hook.posts);
        HookReceiver.Post post = assigns.get(0);
        assertEquals(task, post.frame().get("task").asText());
        assertEquals(Map.of("a", 1, "b", 2), MAPPER.convertValue(post.frame().get("args"), Map.class));
        assertEquals(HookReceiver.hmac(SECRET, post.body()), post.signature(), "lowercase hex HMAC-SHA256 of the raw body");
    }

    @Test
    void aPostThatTimesOutEndsTheCallAfterTheTimeoutAndIsNeverRetried() throws Exception {
        registerWebhookAgent(hook.url());
        hook.answerAfterMillis = 5000;
        long start = System.nanoTime();
        String task = fixture.assign(Fixture.CALLER, actionId, Map.of("a", 1, "b", 2));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 950 && tookMs < 4000, "assign waits for the 1 s webhook timeout, no longer; took " + tookMs);
        Thread.sleep(2500);
        assertEquals(1, hook.ofType("ASSIGN").size(), () -> "one POST, no retry: " + hook.posts);
        assertFalse(fixture.task(Fixture.CALLER, task).get("isDone").asBoolean());
    }

    @Test
    void anAppThatIsDownLosesTheAssignForGood() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        registerWebhookAgent("http://127.0.0.1:" + closedPort + "/hook");
        String lost = fixture.assign(Fixture.CALLER, actionId, Map.of("a", 1, "b", 2));
        // the app comes up (at its new address): only new messages reach it, the lost ASSIGN is not delivered again
        registerWebhookAgent(hook.url());
        String delivered = fixture.assign(Fixture.CALLER, actionId, Map.of("a", 3, "b", 4));
        Thread.sleep(1000);
        List<String> tasks = hook.ofType("ASSIGN").stream().map(p -> p.frame().get("task").asText()).toList();
        assertEquals(List.of(delivered), tasks);
        JsonNode task = fixture.task(Fixture.CALLER, lost);
        assertFalse(task.get("isDone").asBoolean(), task::toString);
    }

    @Test
    void cancelIsPostedToo() {
        registerWebhookAgent(hook.url());
        String task = fixture.assign(Fixture.CALLER, actionId, Map.of("a", 1, "b", 2));
        fixture.graphql(Fixture.CALLER).data("mutation($i: CancelInput!){ cancel(input:$i){ id } }",
                Map.of("i", Map.of("task", task)));
        List<HookReceiver.Post> cancels = hook.ofType("CANCEL");
        assertEquals(1, cancels.size(), () -> "posts: " + hook.posts);
        assertEquals(task, cancels.get(0).frame().get("task").asText());
    }

    @Test
    void signedReportsAreStoredAndTheReplyComesInTheResponse() throws Exception {
        registerWebhookAgent(hook.url());
        String task = fixture.assign(Fixture.CALLER, actionId, Map.of("a", 1, "b", 2));
        HttpResponse<String> yield = report(signed(Fixture.frame("YIELD", task, "returns", Map.of("return0", 3))));
        assertEquals(200, yield.statusCode(), yield::body);
        assertEquals("{}", yield.body());
        Map<String, Object> completed = Fixture.frame("COMPLETED", task, "seq", 7);
        HttpResponse<String> ack = report(signed(completed));
        assertEquals(200, ack.statusCode(), ack::body);
        JsonNode reply = MAPPER.readTree(ack.body());
        assertEquals("EVENT_ACK", reply.get("type").asText());
        assertEquals(completed.get("id"), reply.get("event").asText());
        assertEquals(7, reply.get("seq").asInt());
        List<String> kinds = fixture.eventKinds(Fixture.CALLER, task);
        assertTrue(kinds.containsAll(List.of("YIELD", "COMPLETED")), kinds::toString);
    }

    @Test
    void badOrMissingSignaturesAre401AndNothingIsStored() throws Exception {
        registerWebhookAgent(hook.url());
        String task = fixture.assign(Fixture.CALLER, actionId, Map.of("a", 1, "b", 2));
        byte[] body = MAPPER.writeValueAsBytes(Fixture.frame("COMPLETED", task));
        assertEquals(401, post("/agi/http/" + agentId, body, HookReceiver.hmac("another secret", body)).statusCode());
        assertEquals(401, post("/agi/http/" + agentId, body, null).statusCode());
        byte[] tampered = MAPPER.writeValueAsBytes(Fixture.frame("FAILED", task, "error", "forged"));
        assertEquals(401, post("/agi/http/" + agentId, tampered, HookReceiver.hmac(SECRET, body)).statusCode());
        assertFalse(fixture.task(Fixture.CALLER, task).get("isDone").asBoolean());
        assertEquals(404, post("/agi/http/999", body, HookReceiver.hmac(SECRET, body)).statusCode());
        byte[] invalid = "{\"type\":\"YIELD\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, post("/agi/http/" + agentId, invalid, HookReceiver.hmac(SECRET, invalid)).statusCode());
    }

    @Test
    void aWebhookAgentNeedsItsUrlAndSecretAndCannotRegisterOnTheSocket() {
        String error = fixture.graphql(Fixture.AGENT).error(ENSURE,
                Map.of("i", Map.of("kind", "WEBHOOK", "hookUrl", hook.url())));
        assertTrue(error.contains("hookUrlSecret"), error);
        registerWebhookAgent(hook.url());
        RawSocket socket = RawSocket.connect(fixture.server.agiUrl());
        socket.send(Fixture.register(Fixture.AGENT, UUID.randomUUID().toString(), false));
        JsonNode refused = socket.next();
        assertEquals("PROTOCOL_ERROR", refused.path("type").asText(), refused::toString);
        assertTrue(refused.path("error").asText().contains("WEBHOOK"), refused::toString);
        socket.close();
    }

    byte[] signed(Map<String, Object> frame) throws Exception {
        return MAPPER.writeValueAsBytes(frame);
    }

    HttpResponse<String> report(byte[] body) throws Exception {
        return post("/agi/http/" + agentId, body, HookReceiver.hmac(SECRET, body));
    }

    HttpResponse<String> post(String path, byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fixture.server.httpUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Rekuest-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
