package io.quarkiverse.rekuest.devserver.graphql;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queries of §1.1 / §1.4: actions, implementations, tasks, agents, each by id and through its filters. */
class QueryTest {

    private final Fixture fx = new Fixture();
    private RawSocket agi;
    private String agentId, addImpl, countImpl, addAction, countAction, addHash;

    @BeforeEach
    void setUp() {
        Map<String, Object> count = Fixture.count();
        AgentRegistrationTest.definition(count).put("collections", List.of("counting"));
        AgentRegistrationTest.definition(count).put("stateful", true);
        JsonNode agent = fx.implement(Fixture.AGENT, List.of(Fixture.add(), count));
        agentId = agent.get("id").asText();
        addImpl = agent.get("implementations").get(0).get("id").asText();
        countImpl = agent.get("implementations").get(1).get("id").asText();
        addAction = agent.get("implementations").get(0).get("action").get("id").asText();
        countAction = agent.get("implementations").get(1).get("action").get("id").asText();
        addHash = agent.get("implementations").get(0).get("action").get("hash").asText();
        agi = fx.connect(Fixture.AGENT);
    }

    @AfterEach
    void stop() {
        agi.close();
        fx.close();
    }

    private JsonNode q(String query, Object... vars) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (int i = 0; i < vars.length; i += 2) {
            variables.put((String) vars[i], vars[i + 1]);
        }
        return fx.graphql(Fixture.CALLER).data(query, variables);
    }

    private static List<String> ids(JsonNode list) {
        return list.findValuesAsText("id");
    }

    @Test
    void actionById() {
        JsonNode action = q(
                "query($id: ID){ action(id:$id){ id key name version kind hash stateful pure idempotent app { identifier } "
                        + "args { key kind nullable } returns { key kind } collections { name } } }",
                "id", addAction).get("action");
        assertEquals("add", action.get("key").asText());
        assertEquals("1", action.get("version").asText());
        assertEquals("FUNCTION", action.get("kind").asText());
        assertEquals("agent-app", action.get("app").get("identifier").asText());
        assertEquals(List.of("a", "b"), action.get("args").findValuesAsText("key"));
        assertEquals("INT", action.get("returns").get(0).get("kind").asText());
        assertEquals("Action matching query does not exist.",
                fx.graphql(Fixture.CALLER).error("{ action(id: \"999\"){ id } }", Map.of()));
    }

    @Test
    void actionByHashImplementationAndTask() {
        assertEquals(addAction,
                q("query($h: ActionHash){ action(hash:$h){ id } }", "h", addHash).get("action").get("id").asText());
        assertEquals(countAction,
                q("query($i: ID){ action(implementation:$i){ id } }", "i", countImpl).get("action").get("id").asText());
        String task = fx.assign(Fixture.CALLER, addAction, Map.of("a", 1, "b", 2));
        assertEquals(addAction, q("query($t: ID){ action(task:$t){ id } }", "t", task).get("action").get("id").asText());
        assertEquals("Action matching query does not exist.",
                fx.graphql(Fixture.CALLER).error("{ action(hash: \"nope\"){ id } }", Map.of()));
        assertEquals("Action matching query does not exist.", fx.graphql(Fixture.CALLER).error("{ action { id } }", Map.of()));
    }

    @Test
    void actionMatchingADemand() {
        assertEquals(countAction, q("query($m: ActionDemandInput){ action(matching:$m){ id } }", "m",
                Map.of("key", "count")).get("action").get("id").asText());
        assertEquals(addAction, q("query($m: ActionDemandInput){ action(matching:$m){ id } }", "m",
                Map.of("argMatches", List.of(Map.of("at", 1, "kind", "INT")), "forceArgLength", 2)).get("action").get("id")
                .asText());
        assertEquals(countAction, q("query($m: ActionDemandInput){ action(matching:$m){ id } }", "m",
                Map.of("stateful", true)).get("action").get("id").asText());
        String ambiguous = fx.graphql(Fixture.CALLER).error("query($m: ActionDemandInput){ action(matching:$m){ id } }",
                Map.of("m", Map.of("returnMatches", List.of(Map.of("kind", "INT")))));
        assertTrue(ambiguous.startsWith("get() returned more than one Action"), ambiguous);
        String none = fx.graphql(Fixture.CALLER).error("query($m: ActionDemandInput){ action(matching:$m){ id } }",
                Map.of("m", Map.of("argMatches", List.of(Map.of("kind", "STRUCTURE")))));
        assertTrue(none.startsWith("No action matches"), none);
    }

    @Test
    void actionsWithFilters() {
        assertEquals(List.of(addAction, countAction), ids(q("{ actions { id } }").get("actions")));
        assertEquals(List.of(countAction), ids(q("{ actions(filters:{kind: GENERATOR}){ id } }").get("actions")));
        assertEquals(List.of(addAction), ids(q("{ actions(filters:{search: \"ADD\"}){ id } }").get("actions")));
        assertEquals(List.of(countAction), ids(q("{ actions(filters:{inCollection: \"counting\"}){ id } }").get("actions")));
        assertEquals(List.of(countAction), ids(q("{ actions(filters:{stateful: true}){ id } }").get("actions")));
        assertEquals(List.of(addAction),
                ids(q("query($ids: [ID!]){ actions(filters:{ids: $ids}){ id } }", "ids", List.of(addAction)).get("actions")));
        assertEquals(List.of(), ids(q("{ actions(filters:{appIdentifier: \"other-app\"}){ id } }").get("actions")));
        assertEquals(List.of(countAction), ids(q("{ actions(pagination:{offset: 1, limit: 5}){ id } }").get("actions")));
    }

    @Test
    void implementationsWithFilters() {
        fx.implement(Fixture.OTHER_AGENT, List.of(Fixture.add()));
        JsonNode all = q("{ implementations { id interface agent { id } action { hash } } }").get("implementations");
        assertEquals(3, all.size());
        JsonNode byHash = q("query($h: ActionHash){ implementations(filters:{actionHash:$h}){ id } }", "h", addHash)
                .get("implementations");
        assertEquals(2, byHash.size(), "both apps implement the same definition");
        assertEquals(List.of(addImpl, countImpl),
                ids(q("{ implementations(filters:{active: true}){ id } }").get("implementations")),
                "the other agent is not connected");
        assertEquals(List.of(countImpl), ids(q("{ implementations(filters:{search: \"cou\"}){ id } }").get("implementations")));
        assertEquals(List.of(addImpl),
                ids(q("query($ids: [ID!]){ implementations(filters:{ids:$ids}){ id } }", "ids", List.of(addImpl))
                        .get("implementations")));
    }

    @Test
    void implementationAtAnAgent() {
        assertEquals(countImpl, q("query($a: ID!){ implementationAt(agent:$a, interface: \"count\"){ id } }", "a", agentId)
                .get("implementationAt").get("id").asText());
        assertEquals(addImpl,
                q("query($a: ID!, $h: String){ implementationAt(agent:$a, actionHash:$h){ id } }", "a", agentId, "h", addHash)
                        .get("implementationAt").get("id").asText());
        String message = fx.graphql(Fixture.CALLER).error(
                "query($a: ID!){ implementationAt(agent:$a, interface: \"nope\"){ id } }",
                Map.of("a", agentId));
        assertEquals("Agent " + agentId + " has no implementation for interface 'nope'", message);
        assertEquals("Agent matching query does not exist.", fx.graphql(Fixture.CALLER).error(
                "{ implementationAt(agent: \"404\", interface: \"add\"){ id } }", Map.of()));
    }

    @Test
    void myImplementationAt() {
        assertEquals(addImpl, fx.graphql(Fixture.AGENT).data("{ myImplementationAt(interface: \"add\"){ id } }", Map.of())
                .get("myImplementationAt").get("id").asText());
        assertEquals(countImpl, fx.graphql(Fixture.AGENT).data("query($a: ID){ myImplementationAt(actionId:$a){ id } }",
                Map.of("a", countAction)).get("myImplementationAt").get("id").asText());
        assertTrue(
                fx.graphql(Fixture.CALLER).error("{ myImplementationAt(interface: \"add\"){ id } }", Map.of())
                        .contains("ensureAgent"),
                "the caller has no agent");
    }

    @Test
    void taskByIdWithEventsAndTheirFilters() {
        String task = fx.assign(Fixture.CALLER, addAction, Map.of("a", 1, "b", 2));
        agi.nextOfType("ASSIGN");
        agi.send(Fixture.frame("STARTED", task, "seq", 1));
        agi.send(Fixture.frame("LOG", task, "seq", 2, "message", "hello", "level", "INFO"));
        agi.send(Fixture.frame("YIELD", task, "seq", 3, "returns", Map.of("return0", 3)));
        agi.send(Fixture.frame("COMPLETED", task, "seq", 4));
        agi.nextOfType("EVENT_ACK");
        agi.nextOfType("EVENT_ACK");
        JsonNode t = q(
                "query($id: ID!){ task(id:$id){ id isDone latestEventKind args action { id } implementation { id } agent { id } "
                        + "events { id kind message returns task { id } level reference } } }",
                "id", task).get("task");
        assertTrue(t.get("isDone").asBoolean());
        assertEquals(agentId, t.get("agent").get("id").asText());
        assertEquals(List.of("STARTED", "LOG", "YIELD", "COMPLETED"), t.get("events").findValuesAsText("kind"));
        assertEquals("hello", t.get("events").get(1).get("message").asText());
        assertEquals(3, t.get("events").get(2).get("returns").get("return0").asInt());
        assertEquals(task, t.get("events").get(0).get("task").get("id").asText());
        JsonNode yields = q("query($id: ID!){ task(id:$id){ events(filters:{kind: [YIELD]}){ kind } } }", "id", task)
                .get("task");
        assertEquals(List.of("YIELD"), yields.get("events").findValuesAsText("kind"));
        String eventId = t.get("events").get(2).get("id").asText();
        assertEquals("YIELD", q("query($id: ID!){ event(id:$id){ kind } }", "id", eventId).get("event").get("kind").asText());
    }

    @Test
    void tasksWithFiltersAndMyTasks() {
        String a = fx.assign(Fixture.CALLER, addAction, Map.of("a", 1, "b", 2));
        String c = fx.assign(Fixture.CALLER, countAction, Map.of("n", 2));
        String mine = fx.assign(Fixture.AGENT, addAction, Map.of("a", 0, "b", 0));
        agi.nextOfType("ASSIGN");
        agi.send(Fixture.frame("COMPLETED", a, "seq", 1));
        agi.nextOfType("EVENT_ACK");
        assertEquals(List.of(a, c, mine), ids(q("{ tasks { id } }").get("tasks")), "tasks is organization-wide");
        assertEquals(List.of(a), ids(q("{ tasks(filters:{isDone: true}){ id } }").get("tasks")));
        assertEquals(List.of(a), ids(q("{ tasks(filters:{state: [COMPLETED]}){ id } }").get("tasks")));
        assertEquals(List.of(c), ids(q("query($x: ID){ tasks(filters:{action:$x}){ id } }", "x", countAction).get("tasks")));
        assertEquals(List.of(c),
                ids(q("query($x: ID){ tasks(filters:{implementation:$x}){ id } }", "x", countImpl).get("tasks")));
        assertEquals(3, q("query($x: ID){ tasks(filters:{agent:$x}){ id } }", "x", agentId).get("tasks").size());
        assertEquals(3, q("{ tasks(filters:{rootIsnull: true}){ id } }").get("tasks").size());
        assertEquals(List.of(c), ids(fx.graphql(Fixture.CALLER).data("{ myTasks { id } }", Map.of()).get("myTasks")),
                "myTasks: this caller's open root tasks");
        assertEquals(List.of(mine), ids(fx.graphql(Fixture.AGENT).data("{ myTasks { id } }", Map.of()).get("myTasks")));
    }

    @Test
    void agentsAndAgentActiveReflectsTheLiveConnection() {
        String other = fx.implement(Fixture.OTHER_AGENT, List.of()).get("id").asText();
        JsonNode agents = q("{ agents { id active connected name app { identifier } client { clientId } user { sub } } }")
                .get("agents");
        assertEquals(List.of(agentId, other), ids(agents));
        assertTrue(agents.get(0).get("active").asBoolean());
        assertFalse(agents.get(1).get("active").asBoolean());
        assertEquals("agent-app", agents.get(0).get("app").get("identifier").asText());
        assertEquals("agent-client", agents.get(0).get("client").get("clientId").asText());
        assertEquals("alice", agents.get(0).get("user").get("sub").asText());
        // v2.2.0 matches hasImplementations against action hashes, not interfaces
        String countHash = q("query($id: ID){ action(id:$id){ hash } }", "id", countAction).get("action").get("hash").asText();
        assertEquals(List.of(agentId), ids(q("query($h: [String!]){ agents(filters:{hasImplementations: $h}){ id } }", "h",
                List.of(countHash)).get("agents")));
        assertEquals(List.of(), ids(q("{ agents(filters:{hasImplementations: [\"count\"]}){ id } }").get("agents")));
        assertEquals(List.of(other), ids(q("{ agents(filters:{clientId: \"other-client\"}){ id } }").get("agents")));
        assertEquals(List.of(agentId), ids(q("{ agents(filters:{appIdentifier: \"agent-app\"}){ id } }").get("agents")));

        agi.close();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> !q("query($id: ID){ agent(id:$id){ active } }", "id", agentId)
                        .get("agent").get("active").asBoolean());
        assertFalse(q("query($id: ID){ agent(id:$id){ connected } }", "id", agentId).get("agent").get("connected").asBoolean());
        agi = fx.connect(Fixture.AGENT);
        assertTrue(q("query($id: ID){ agent(id:$id){ active } }", "id", agentId).get("agent").get("active").asBoolean());
        // by app (v2.2.0's queries/agent.py): the only agent of the app; no agent, a version, or neither are errors
        assertEquals(agentId, q("{ agent(app: \"agent-app\") { id } }").get("agent").get("id").asText());
        assertEquals("No agent found for caller-app with version None and device_id None",
                fx.graphql(Fixture.CALLER).error("{ agent(app: \"caller-app\") { id } }", Map.of()));
        assertTrue(fx.graphql(Fixture.CALLER).error("{ agent(app: \"agent-app\", version: \"1.0\") { id } }", Map.of())
                .startsWith("Cannot resolve keyword 'version' into field"));
        assertEquals("No agent found for agent-app with version None and device_id laptop-1", fx.graphql(Fixture.CALLER)
                .error("{ agent(app: \"agent-app\", deviceId: \"laptop-1\") { id } }", Map.of()));
        assertEquals("You need to provide either the agent id or the app, version and device_id to identify the agent",
                fx.graphql(Fixture.CALLER).error("{ agent { id } }", Map.of()));
    }
}
