package io.quarkiverse.rekuest.deployment.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection: displacement (4005/4004) with a retained report re-sent, BOUNCE, KICK. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class AgentConnectionTest {

    static final String URL = TestServer.url("conn");
    static final String GRAPHQL = URL + "/graphql";
    static final String TOKEN = "dev:conn";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(ConnNodes.class, TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", TOKEN)
            .overrideConfigKey("quarkus.rekuest.agent.name", "conn")
            .overrideConfigKey("quarkus.rekuest.agent.heartbeat-timeout", "3s")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.initial-delay", "50ms")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.max-delay", "200ms")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    GraphQLCaller caller = new GraphQLCaller(GRAPHQL, "dev-token");

    @Test
    @Order(1)
    void displacedAgentNeverForcesBackAndResendsTheReportMadeWhileAway() throws Exception {
        String task = caller.assign(caller.implementations(agent.agentId()).get("sleepy"), Map.of("millis", 800));
        Thread.sleep(100);

        // another connection takes the identity over with force: the agent is displaced (4005)
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket intruder = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(URL.replace("http://", "ws://") + "/agi"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        String frame = data.toString();
                        frames.add(frame);
                        if (frame.contains("\"HEARTBEAT\"")) {
                            String id = readId(frame);
                            socket.sendText("{\"id\":\"" + id + "\",\"type\":\"HEARTBEAT_ANSWER\"}", true);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        intruder.sendText(
                "{\"id\":\"r1\",\"type\":\"REGISTER\",\"token\":\"" + TOKEN + "\",\"force\":true,\"session_id\":null}",
                true);
        String init = frames.poll(5, TimeUnit.SECONDS);
        assertTrue(init != null && init.contains("\"INIT\""), "the intruder registered: " + init);
        await(() -> !agent.isConnected(), "the agent was displaced");

        // while the intruder holds the identity, the agent waits (4004) instead of forcing it back
        Thread.sleep(1500);
        assertFalse(agent.isConnected(), "the displaced agent does not take the identity back with force");
        assertTrue(intruderStillRegistered(frames), "the intruder was not displaced: " + frames);
        assertFalse(caller.task(task).get("isDone").asBoolean(), "the task's report waits for the agent to reconnect");

        // the intruder leaves: the agent reconnects and re-sends the report it made while disconnected
        intruder.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        await(agent::isConnected, "the agent reconnected");
        JsonNode done = caller.awaitDone(task);
        List<String> reports = new ArrayList<>(GraphQLCaller.kinds(done));
        reports.retainAll(GraphQLCaller.REPORTS);
        assertEquals(List.of("YIELD", "COMPLETED"), reports, done::toString);
    }

    @Test
    @Order(2)
    void bounceReconnectsAndTheAgentServesAgain() {
        String agentId = agent.agentId();
        caller.admin("bounce", agentId);
        sleepQuietly(300);
        await(agent::isConnected, "the agent reconnected after BOUNCE");
        JsonNode done = caller.awaitDone(caller.assign(caller.implementations(agentId).get("sleepy"), Map.of("millis", 1)));
        assertEquals("COMPLETED", done.get("latestEventKind").asText(), done::toString);
    }

    @Test
    @Order(3)
    void kickStopsTheAgentForGood() throws InterruptedException {
        caller.admin("kick", agent.agentId());
        await(() -> !agent.isConnected(), "the agent left after KICK");
        Thread.sleep(1000);
        assertFalse(agent.isConnected(), "a kicked agent does not reconnect");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean intruderStillRegistered(BlockingQueue<String> frames) {
        for (String frame : frames) {
            if (frame.contains("PROTOCOL_ERROR")) {
                return false;
            }
        }
        return true;
    }

    private static String readId(String frame) {
        try {
            return GraphQLCaller.MAPPER.readTree(frame).get("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
