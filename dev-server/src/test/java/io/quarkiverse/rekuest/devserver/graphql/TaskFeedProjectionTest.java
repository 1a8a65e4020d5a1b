package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The task-feed fast path renders exactly what graphql-java's execution renders: the same subscription is opened
 * twice on one socket, once plain (projected) and once with a directive that forces graphql-java's path.
 */
class TaskFeedProjectionTest {

    private final Fixture fx = new Fixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    private static final String SELECTION = "{ kind: __typename create { __typename id reference isDone latestEventKind"
            + " latestInstructKind statusMessage action implementation agent root parent createdAt updatedAt finishedAt }"
            + " ev: event { id task kind message progress returns createdAt __typename } }";

    @Test
    void projectedEventsEqualGraphQLJavaEvents() {
        JsonNode agent = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
        String actionId = agent.get("implementations").get(0).get("action").get("id").asText();
        try (RawSocket agi = fx.connect(Fixture.AGENT);
                RawSocket sub = RawSocket.connect(fx.server.subscriptionsUrl(), "graphql-transport-ws")) {
            sub.send(Map.of("type", "connection_init", "payload", Map.of("token", Fixture.CALLER)));
            assertEquals("connection_ack", sub.next().get("type").asText());
            sub.send(Map.of("type", "subscribe", "id", "fast", "payload",
                    Map.of("query", "subscription { feed: mytasks " + SELECTION + " }")));
            sub.send(Map.of("type", "subscribe", "id", "slow", "payload",
                    Map.of("query", "subscription { feed: mytasks @include(if: true) " + SELECTION + " }")));

            long renderedBefore = TaskFeedProjection.RENDERED.sum();
            String task = fx.assign(Fixture.CALLER, actionId, Map.of("a", 1, "b", 2));
            agi.nextOfType("ASSIGN");
            agi.send(Fixture.frame("PROGRESS", task, "progress", 10, "message", "going"));
            agi.send(Fixture.frame("YIELD", task, "returns", Map.of("return0", 3)));
            agi.send(Fixture.frame("COMPLETED", task));
            agi.nextOfType("EVENT_ACK");

            List<JsonNode> fast = new ArrayList<>();
            List<JsonNode> slow = new ArrayList<>();
            while (fast.size() < 4 || slow.size() < 4) {
                JsonNode next = sub.nextOfType("next");
                ("fast".equals(next.get("id").asText()) ? fast : slow).add(next.get("payload"));
            }
            assertEquals(slow, fast, "the projection renders what graphql-java renders");
            assertEquals(4, TaskFeedProjection.RENDERED.sum() - renderedBefore, "the plain subscription took the fast path");
            JsonNode create = fast.get(0).get("data").get("feed");
            assertEquals("TaskChangeEvent", create.get("kind").asText());
            assertEquals(task, create.get("create").get("id").asText());
            assertNotNull(create.get("create").get("createdAt").asText());
            assertEquals(3, fast.get(2).get("data").get("feed").get("ev").get("returns").get("return0").asInt());
        }
    }

    @Test
    void onlyPlainTaskFeedSelectionsAreProjected() {
        assertNotNull(TaskFeedProjection.compile("subscription { mytasks { create { id } event { id kind } } }", null));
        assertNotNull(TaskFeedProjection.compile("subscription W { childTasks(id: \"1\") { create { id } update { isDone } } }",
                "W"));
        assertNull(TaskFeedProjection.compile("subscription { agentTasks(agent: \"1\") { create { id } } }", null),
                "agentTasks yields full tasks: graphql-java");
        assertNull(TaskFeedProjection.compile("subscription { mytasks { ... on TaskChangeEvent { create { id } } } }", null));
        assertNull(TaskFeedProjection.compile("subscription { mytasks { create { id @skip(if: false) } } }", null));
        assertNull(TaskFeedProjection.compile("subscription { mytasks { create { id } create { reference } } }", null),
                "merged duplicate keys: graphql-java");
        assertNull(TaskFeedProjection.compile("query { myTasks { id } }", null));
        assertNull(TaskFeedProjection.compile("subscription { mytasks { create { nope } } }", null));
    }
}
