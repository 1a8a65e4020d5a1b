package io.quarkiverse.rekuest.devserver.graphql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscriptions on {@code /graphql} (§1.6, §3.3) over both {@code graphql-transport-ws} and the legacy
 * {@code graphql-ws}, with the token in the {@code connection_init} payload: the four task feeds, and the
 * protocol's refusals and close codes.
 */
class SubscriptionTest {

    static final String MYTASKS = "subscription { mytasks { create { id reference isDone latestEventKind latestInstructKind "
            + "statusMessage action implementation agent root parent createdAt updatedAt finishedAt } "
            + "event { id task kind returns message progress createdAt } } }";
    static final String TASKS = "subscription { tasks { create { id action } event { id task kind } } }";
    static final String CHILD_TASKS = "subscription($id: ID!) { childTasks(id:$id) { create { id parent latestEventKind } update { id parent latestEventKind isDone } } }";
    static final String AGENT_TASKS = "subscription($a: ID!) { agentTasks(agent:$a) { create { id latestEventKind agent { id } action { key } } update { id latestEventKind isDone events { kind } } } }";

    private final Fixture fx = new Fixture();
    private RawSocket agi;
    private String agentId, addAction;

    @BeforeEach
    void setUp() {
        JsonNode agent = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
        agentId = agent.get("id").asText();
        addAction = agent.get("implementations").get(0).get("action").get("id").asText();
        agi = fx.connect(Fixture.AGENT);
    }

    @AfterEach
    void stop() {
        agi.close();
        fx.close();
    }

    private Api.Sub open(String protocol, String token) {
        return Api.Sub.open(fx.server.subscriptionsUrl(), protocol, token);
    }

    /** Runs a task through STARTED, PROGRESS, YIELD, COMPLETED on the agent socket. */
    private void run(String task) {
        agi.nextMatching(f -> "ASSIGN".equals(f.path("type").asText()) && task.equals(f.path("task").asText()),
                Duration.ofSeconds(5));
        agi.send(Fixture.frame("STARTED", task, "seq", 1));
        agi.send(Fixture.frame("PROGRESS", task, "seq", 2, "progress", 50, "message", "half"));
        agi.send(Fixture.frame("YIELD", task, "seq", 3, "returns", Map.of("return0", 3)));
        agi.send(Fixture.frame("COMPLETED", task, "seq", 4));
    }

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void mytasksStreamsTheCreateThenEveryEventInOrderMatchingTheStoredEvents(String protocol) {
        try (Api.Sub sub = open(protocol, Fixture.CALLER)) {
            sub.subscribe("1", MYTASKS);
            sub.expectSilence(Duration.ofMillis(100));
            String task = fx.assign(Fixture.CALLER, addAction, Map.of("a", 1, "b", 2));
            run(task);

            JsonNode create = sub.nextData("1").get("mytasks");
            assertTrue(create.get("event").isNull());
            assertEquals(task, create.get("create").get("id").asText());
            assertEquals("STARTED", create.get("create").get("latestEventKind").asText());
            assertEquals("ASSIGN", create.get("create").get("latestInstructKind").asText());
            assertEquals(addAction, create.get("create").get("action").asText(), "TaskChange carries ids only");
            assertEquals(agentId, create.get("create").get("agent").asText());
            List<String> kinds = new ArrayList<>(), eventIds = new ArrayList<>();
            while (kinds.size() < 4) {
                JsonNode change = sub.nextData("1").get("mytasks");
                assertTrue(change.get("create").isNull());
                JsonNode event = change.get("event");
                assertEquals(task, event.get("task").asText());
                kinds.add(event.get("kind").asText());
                eventIds.add(event.get("id").asText());
                if ("PROGRESS".equals(event.get("kind").asText())) {
                    assertEquals(50, event.get("progress").asInt());
                    assertEquals("half", event.get("message").asText());
                }
                if ("YIELD".equals(event.get("kind").asText())) {
                    assertEquals(3, event.get("returns").get("return0").asInt());
                }
            }
            assertEquals(List.of("STARTED", "PROGRESS", "YIELD", "COMPLETED"), kinds);
            JsonNode stored = fx.task(Fixture.CALLER, task).get("events");
            assertEquals(kinds, stored.findValuesAsText("kind"), "the stream matches task(id) { events }");
            assertEquals(eventIds, stored.findValuesAsText("id"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void mytasksOnlyCoversThisCallersTasksWhileTasksCoversTheOrganization(String protocol) {
        try (Api.Sub mine = open(protocol, Fixture.CALLER); Api.Sub org = open(protocol, Fixture.CALLER)) {
            mine.subscribe("m", MYTASKS);
            org.subscribe("o", TASKS);
            mine.expectSilence(Duration.ofMillis(100));
            String foreign = fx.assign(Fixture.AGENT, addAction, Map.of("a", 0, "b", 0));
            JsonNode create = org.nextData("o").get("tasks").get("create");
            assertEquals(foreign, create.get("id").asText(), "tasks covers the whole organization");
            assertEquals(addAction, create.get("action").asText());
            mine.expectSilence(Duration.ofMillis(300));
            String own = fx.assign(Fixture.CALLER, addAction, Map.of("a", 1, "b", 1));
            assertEquals(own, mine.nextData("m").get("mytasks").get("create").get("id").asText());
            assertEquals(own, org.nextData("o").get("tasks").get("create").get("id").asText());
            agi.nextOfType("ASSIGN");
            agi.nextOfType("ASSIGN");
            agi.send(Fixture.frame("COMPLETED", foreign, "seq", 1));
            JsonNode event = org.nextData("o").get("tasks").get("event");
            assertEquals(foreign, event.get("task").asText());
            assertEquals("COMPLETED", event.get("kind").asText());
            mine.expectSilence(Duration.ofMillis(300));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void childTasksSeesChildrenCreatedOverTheAgentSocketAndOverGraphQL(String protocol) {
        String parent = fx.assign(Fixture.CALLER, addAction, Map.of("a", 1, "b", 2));
        agi.nextOfType("ASSIGN");
        try (Api.Sub sub = open(protocol, Fixture.CALLER)) {
            sub.subscribe("c", CHILD_TASKS, Map.of("id", parent));
            sub.expectSilence(Duration.ofMillis(100));
            // the executing agent delegates: ASSIGN_REQUEST with the parent (§2.8)
            agi.send(Fixture.frame("ASSIGN_REQUEST", null, "reference", "child-1", "action", addAction, "args",
                    Map.of("a", 5, "b", 5), "parent", parent));
            JsonNode response = agi.nextOfType("ASSIGN_RESPONSE");
            assertTrue(response.get("error").isNull(), response.toString());
            String child = response.get("task").asText();
            JsonNode create = sub.nextData("c").get("childTasks");
            assertEquals(child, create.get("create").get("id").asText());
            assertEquals(parent, create.get("create").get("parent").asText());
            assertTrue(create.get("update").isNull());

            agi.nextMatching(f -> "ASSIGN".equals(f.path("type").asText()) && child.equals(f.path("task").asText()),
                    Duration.ofSeconds(5));
            agi.send(Fixture.frame("COMPLETED", child, "seq", 1));
            JsonNode update = sub.nextData("c").get("childTasks").get("update");
            assertEquals(child, update.get("id").asText());
            assertEquals("COMPLETED", update.get("latestEventKind").asText());
            assertTrue(update.get("isDone").asBoolean());

            // a GraphQL assign with the parent is a child too
            Map<String, Object> in = AssignAndControlTest.input("action", addAction, Map.of("a", 0, "b", 0));
            in.put("parent", parent);
            String viaGraphQL = fx.graphql(Fixture.CALLER).data(AssignAndControlTest.ASSIGN, Map.of("i", in)).get("assign")
                    .get("id").asText();
            assertEquals(viaGraphQL, sub.nextData("c").get("childTasks").get("create").get("id").asText());
            // unrelated tasks do not show up
            fx.assign(Fixture.CALLER, addAction, Map.of("a", 0, "b", 0));
            sub.expectSilence(Duration.ofMillis(300));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void agentTasksStreamsFullTasksOfOneAgent(String protocol) {
        JsonNode other = fx.implement(Fixture.OTHER_AGENT, List.of(Fixture.count()));
        try (RawSocket otherAgi = fx.connect(Fixture.OTHER_AGENT); Api.Sub sub = open(protocol, Fixture.CALLER)) {
            sub.subscribe("a", AGENT_TASKS, Map.of("a", agentId));
            sub.expectSilence(Duration.ofMillis(100));
            fx.assign(Fixture.CALLER, other.get("implementations").get(0).get("action").get("id").asText(), Map.of("n", 1));
            String task = fx.assign(Fixture.CALLER, addAction, Map.of("a", 1, "b", 2));
            JsonNode create = sub.nextData("a").get("agentTasks").get("create");
            assertEquals(task, create.get("id").asText(), "only the subscribed agent's tasks");
            assertEquals(agentId, create.get("agent").get("id").asText());
            assertEquals("add", create.get("action").get("key").asText());
            agi.nextOfType("ASSIGN");
            agi.send(Fixture.frame("STARTED", task, "seq", 1));
            JsonNode update = sub.nextData("a").get("agentTasks").get("update");
            assertEquals(task, update.get("id").asText());
            assertEquals("STARTED", update.get("latestEventKind").asText());
            assertEquals(List.of("STARTED"), update.get("events").findValuesAsText("kind"));
        }
    }

    // -- protocol rules

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void badTokenIsForbidden(String protocol) {
        try (Api.Sub sub = Api.Sub.raw(fx.server.subscriptionsUrl(), protocol)) {
            sub.init("wrong-token-value");
            if (sub.legacy) {
                JsonNode error = sub.socket.next();
                assertEquals("connection_error", error.get("type").asText());
                String message = error.get("payload").get("message").asText();
                assertTrue(message.contains("not a known static token"), message);
                assertFalse(message.contains("wrong-token-value"), message);
            }
            sub.socket.assertClosedWith(4403);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void missingTokenIsForbidden(String protocol) {
        try (Api.Sub sub = Api.Sub.raw(fx.server.subscriptionsUrl(), protocol)) {
            sub.socket.send(Map.of("type", "connection_init", "payload", Map.of()));
            sub.socket.assertClosedWith(4403);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void subscribeBeforeConnectionInitIsUnauthorized(String protocol) {
        try (Api.Sub sub = Api.Sub.raw(fx.server.subscriptionsUrl(), protocol)) {
            sub.subscribe("1", MYTASKS);
            sub.socket.assertClosedWith(4401);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void duplicateOperationIdCloses4409(String protocol) {
        try (Api.Sub sub = open(protocol, Fixture.CALLER)) {
            sub.subscribe("same", MYTASKS);
            sub.subscribe("same", TASKS);
            sub.socket.assertClosedWith(4409);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void secondConnectionInitCloses4429(String protocol) {
        try (Api.Sub sub = open(protocol, Fixture.CALLER)) {
            sub.init(Fixture.CALLER);
            sub.socket.assertClosedWith(4429);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void completeOrStopEndsASubscriptionAndTheIdCanBeReused(String protocol) {
        try (Api.Sub sub = open(protocol, Fixture.CALLER)) {
            sub.subscribe("1", MYTASKS);
            sub.subscribe("2", TASKS);
            sub.complete("1");
            if (sub.legacy) {
                JsonNode complete = sub.nextFrame();
                assertEquals("complete", complete.get("type").asText(), "the legacy server confirms stop");
                assertEquals("1", complete.get("id").asText());
            }
            String task = fx.assign(Fixture.CALLER, addAction, Map.of("a", 1, "b", 2));
            assertEquals(task, sub.nextData("2").get("tasks").get("create").get("id").asText(), "the other one carries on");
            sub.expectSilence(Duration.ofMillis(300));
            sub.subscribe("1", MYTASKS);
            sub.expectSilence(Duration.ofMillis(100));
            String again = fx.assign(Fixture.CALLER, addAction, Map.of("a", 1, "b", 2));
            JsonNode first = sub.nextFrame(), second = sub.nextFrame();
            assertEquals(List.of("1", "2"),
                    List.of(first.get("id").asText(), second.get("id").asText()).stream().sorted().toList());
            assertEquals(again, first.get("payload").get("data").findValue("create").get("id").asText());
        }
    }

    @Test
    void pingIsAnsweredWithPong() {
        try (Api.Sub sub = open("graphql-transport-ws", Fixture.CALLER)) {
            sub.socket.send(Map.of("type", "ping"));
            assertEquals("pong", sub.socket.next().get("type").asText());
            sub.socket.send(Map.of("type", "pong"));
            sub.socket.expectNoFrame(Duration.ofMillis(200));
        }
    }

    @Test
    void legacyProtocolSendsKeepAliveAfterTheAck() {
        try (Api.Sub sub = Api.Sub.raw(fx.server.subscriptionsUrl(), "graphql-ws")) {
            sub.init(Fixture.CALLER);
            assertEquals("connection_ack", sub.socket.next().get("type").asText());
            assertEquals("ka", sub.socket.next().get("type").asText());
        }
    }

    @Test
    void messageOfTheOtherProtocolIsRefused() {
        try (Api.Sub sub = open("graphql-transport-ws", Fixture.CALLER)) {
            sub.socket.send(Map.of("type", "start", "id", "1", "payload", Map.of("query", MYTASKS)));
            sub.socket.assertClosedWith(4400);
        }
    }

    @Test
    void withoutASubprotocolTheSocketIsClosed4406() {
        try (RawSocket socket = RawSocket.connect(fx.server.subscriptionsUrl())) {
            socket.assertClosedWith(4406);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void invalidSubscriptionIsAnErrorForThatOperationAndTheSocketStaysOpen(String protocol) {
        try (Api.Sub sub = open(protocol, Fixture.CALLER)) {
            sub.subscribe("bad", "subscription { mytasks { nope } }");
            JsonNode error = sub.nextFrame();
            assertEquals("error", error.get("type").asText());
            assertEquals("bad", error.get("id").asText());
            assertTrue(error.get("payload").toString().contains("nope"), error.toString());
            sub.subscribe("good", TASKS);
            String task = fx.assign(Fixture.CALLER, addAction, Map.of("a", 1, "b", 2));
            assertEquals(task, sub.nextData("good").get("tasks").get("create").get("id").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "graphql-transport-ws", "graphql-ws" })
    void aQueryOverTheSocketAnswersOnceAndCompletes(String protocol) {
        try (Api.Sub sub = open(protocol, Fixture.CALLER)) {
            sub.subscribe("q", "{ agents { id } }");
            assertEquals(agentId, sub.nextData("q").get("agents").get(0).get("id").asText());
            JsonNode complete = sub.nextFrame();
            assertEquals("complete", complete.get("type").asText());
            assertEquals("q", complete.get("id").asText());
        }
    }
}
