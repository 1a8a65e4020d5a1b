package io.quarkiverse.rekuest.devserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The full round trip of §2.4: implementAgent → REGISTER → assign → ASSIGN → reports → EVENT_ACK, seen by mytasks. */
class RoundTripTest {

    private final Fixture fx = new Fixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void assignReachesTheAgentAndItsReportsReachTheCallerInOrder() {
        JsonNode agent = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
        String actionId = agent.get("implementations").get(0).get("action").get("id").asText();
        String hash = agent.get("implementations").get(0).get("action").get("hash").asText();
        try (RawSocket agi = fx.connect(Fixture.AGENT);
                RawSocket sub = RawSocket.connect(fx.server.subscriptionsUrl(), "graphql-transport-ws")) {
            sub.send(Map.of("type", "connection_init", "payload", Map.of("token", Fixture.CALLER)));
            assertEquals("connection_ack", sub.next().get("type").asText());
            sub.send(Map.of("type", "subscribe", "id", "1", "payload", Map.of("query",
                    "subscription { mytasks { create { id reference } event { id task kind returns message progress } } }")));

            String task = fx.assign(Fixture.CALLER, actionId, Map.of("a", 2, "b", 3));

            JsonNode assign = agi.nextOfType("ASSIGN");
            assertEquals(task, assign.get("task").asText());
            assertEquals("add", assign.get("interface").asText());
            assertEquals(5, assign.get("args").get("a").asInt() + assign.get("args").get("b").asInt());
            assertEquals(hash, assign.get("action").asText());
            assertEquals("bob", assign.get("user").asText());
            assertEquals("lab", assign.get("org").asText());
            for (String field : List.of("step", "root", "parent", "resolution", "capture", "reference", "message",
                    "implementation", "token")) {
                assertTrue(assign.has(field), "ASSIGN carries every field, nulls included: " + field);
            }

            agi.send(Fixture.frame("PROGRESS", task, "seq", 1, "progress", 50, "message", "half"));
            agi.send(Fixture.frame("YIELD", task, "seq", 2, "returns", Map.of("return0", 5)));
            Map<String, Object> completed = Fixture.frame("COMPLETED", task, "seq", 3);
            agi.send(completed);
            JsonNode ack = agi.nextOfType("EVENT_ACK");
            assertEquals(completed.get("id"), ack.get("event").asText());
            assertEquals(task, ack.get("task").asText());
            assertEquals(3, ack.get("seq").asInt());

            List<String> streamed = new ArrayList<>();
            JsonNode create = sub.nextOfType("next").get("payload").get("data").get("mytasks");
            assertEquals(task, create.get("create").get("id").asText());
            while (streamed.size() < 3) {
                JsonNode event = sub.nextOfType("next").get("payload").get("data").get("mytasks").get("event");
                assertEquals(task, event.get("task").asText());
                streamed.add(event.get("kind").asText());
                if ("YIELD".equals(event.get("kind").asText())) {
                    assertEquals(5, event.get("returns").get("return0").asInt());
                }
            }
            assertEquals(List.of("PROGRESS", "YIELD", "COMPLETED"), streamed);
            assertEquals(streamed, fx.eventKinds(Fixture.CALLER, task), "mytasks matches task(id) { events }");
            JsonNode done = fx.task(Fixture.CALLER, task);
            assertTrue(done.get("isDone").asBoolean());
            assertEquals("COMPLETED", done.get("latestEventKind").asText());
        }
    }
}
