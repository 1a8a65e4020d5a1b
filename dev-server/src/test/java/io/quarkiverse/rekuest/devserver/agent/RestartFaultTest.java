package io.quarkiverse.rekuest.devserver.agent;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code server.faults().restart(down)}: a server process restarted on its database. Sockets are dropped without
 * disconnect handling, connections are refused while it is down, it comes back on the same port, and the store is as
 * it was: the agent is still {@code connected}, so REGISTER without force gets 4004 until stale.
 */
class RestartFaultTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static int health(Fixture fx) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fx.server.httpUrl() + "/ht")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void restartDropsSocketsRefusesConnectionsWhileDownAndKeepsTheStore() throws Exception {
        try (Fixture fx = new Fixture(DevServerConfig.builder().staleAfter(Duration.ofSeconds(5))
                .heartbeatInterval(Duration.ofSeconds(30)).grace(Duration.ofMillis(200)))) {
            Agi.Implemented add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
            int port = fx.server.port();
            String session = Agi.session();
            Agi.Connection agent = Agi.register(fx, Fixture.AGENT, session, false);
            String task = Agi.assign(fx, Fixture.CALLER, add.actionId());
            Agi.awaitAssign(agent.socket(), task);
            Agi.reportAcked(agent.socket(), Fixture.frame("STARTED", task, "seq", 1));
            RawSocket subscription = RawSocket.connect(fx.server.subscriptionsUrl(), "graphql-transport-ws");
            subscription.send(Map.of("type", "connection_init", "payload", Map.of("token", Fixture.CALLER)));
            assertEquals("connection_ack", subscription.next().get("type").asText());

            CompletableFuture<Void> listening = fx.server.faults().restart(Duration.ofMillis(600));

            int agentClose = agent.socket().awaitClose(Duration.ofSeconds(5));
            assertTrue(agentClose != 3001 && agentClose != 4005 && agentClose != 1000,
                    "dropped like a crashed process, not closed by the protocol: " + agentClose);
            subscription.awaitClose(Duration.ofSeconds(5));
            Exception refused = assertThrows(Exception.class, () -> health(fx), "nothing listens while down");
            assertTrue(refused instanceof ConnectException || refused.getCause() instanceof ConnectException,
                    "connection refused: " + refused);

            listening.get(5, TimeUnit.SECONDS);
            assertEquals(port, fx.server.port());
            assertEquals(200, health(fx), "listening again on the same port");

            // no disconnect handling, and the grace window (200 ms) never started: the task is untouched
            Thread.sleep(300);
            assertEquals(List.of("STARTED"), fx.eventKinds(Fixture.CALLER, task));
            assertTrue(fx.server.faults().connected(add.agentId()), "the agent is still connected in the store");
            try (RawSocket again = RawSocket.connect(fx.server.agiUrl())) {
                again.send(Fixture.register(Fixture.AGENT, session, false));
                assertEquals("PROTOCOL_ERROR", again.next().get("type").asText());
                again.assertClosedWith(4004);
            }
            try (Agi.Connection forced = Agi.register(fx, Fixture.AGENT, session, true)) {
                assertEquals(List.of(task), forced.inquiries(), "the in-flight task survived the restart");
            }
            agent.close();
            subscription.close();
        }
    }

    @Test
    void anAssignQueuedWhileTheAgentIsGoneIsInquiredAboutAndDeliveredRightAfterInit() throws Exception {
        try (Fixture fx = new Fixture(DevServerConfig.builder().staleAfter(Duration.ofSeconds(5))
                .heartbeatInterval(Duration.ofSeconds(30)))) {
            Agi.Implemented add = Agi.implement(fx, Fixture.AGENT, Fixture.add());
            String session = Agi.session();
            Agi.Connection agent = Agi.register(fx, Fixture.AGENT, session, false);
            fx.server.faults().restart(Duration.ofMillis(100)).get(5, TimeUnit.SECONDS);
            agent.socket().awaitClose(Duration.ofSeconds(5));

            // the agent still counts as live, so assign routes to it; the ASSIGN waits in its queue
            String queued = Agi.assign(fx, Fixture.CALLER, add.actionId());
            try (Agi.Connection again = Agi.register(fx, Fixture.AGENT, session, true)) {
                assertEquals(List.of(queued), again.inquiries(), "inquiries list unfinished tasks, delivered or not");
                JsonNode assign = again.socket().next();
                assertEquals("ASSIGN", assign.get("type").asText(), "the queued ASSIGN follows INIT: " + assign);
                assertEquals(queued, assign.get("task").asText());
            }
            agent.close();
        }
    }
}
