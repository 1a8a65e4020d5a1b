package io.quarkiverse.rekuest.deployment.devui;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.runtime.devui.RekuestJsonRpcService;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON-RPC service behind the Dev UI pages, called as a plain object (no browser, no Dev UI): it describes the
 * nodes, checks arguments with the nodes' codecs, reads the server's tasks and reports the agent's link.
 */
public class DevUIServiceTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(DevUINodes.class, TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", TestServer.url("devui"))
            .overrideConfigKey("quarkus.rekuest.token", "dev:devui")
            .overrideConfigKey("quarkus.rekuest.agent.name", "devui")
            .overrideConfigKey("quarkus.rekuest.agent.fail-on-startup-error", "true")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    Instance<NodeRegistry> registry;
    @Inject
    Instance<Rekuest> rekuest;
    @Inject
    Instance<RekuestAgent> agent;
    @Inject
    Instance<AgentReadiness> readiness;
    @Inject
    Instance<RekuestConnection> connection;

    RekuestJsonRpcService service;

    @BeforeEach
    void service() {
        service = new RekuestJsonRpcService(registry, rekuest, agent, readiness, connection);
    }

    @Test
    void describesTheNodes() {
        List<Map<String, Object>> nodes = service.nodes();
        assertEquals(List.of("divide", "repeat", "slow_square", "summarize"),
                nodes.stream().map(n -> (String) n.get("interface")).sorted().toList());
        Map<String, Object> summarize = node(nodes, "summarize");
        assertEquals("DevUINodes#summarize(List<DevUINodes.Measurement>, Optional<String>)", summarize.get("signature"));
        assertEquals("summarize", summarize.get("methodName"));
        assertEquals("WORKER_THREAD", summarize.get("executionModel"));
        Map<String, Object> definition = map(summarize.get("definition"));
        assertEquals("Sums up measurements.", definition.get("description"));
        List<Map<String, Object>> args = list(definition.get("args"));
        assertEquals("measurements", args.get(0).get("key"));
        assertEquals("LIST", args.get(0).get("kind"));
        Map<String, Object> measurement = list(args.get(0).get("children")).get(0);
        assertEquals("MODEL", measurement.get("kind"));
        Map<String, Object> unit = list(measurement.get("children")).get(2);
        assertEquals("ENUM", unit.get("kind"));
        assertEquals(2, list(unit.get("choices")).size());
        assertEquals(true, args.get(1).get("nullable"), "Optional<String> is a nullable port");

        Map<String, Object> repeat = map(node(nodes, "repeat").get("definition"));
        List<Map<String, Object>> repeatArgs = list(repeat.get("args"));
        assertEquals(Map.of("kind", "STRING", "asParagraph", true), repeatArgs.get(0).get("widget"));
        assertEquals("SLIDER", map(repeatArgs.get(1).get("widget")).get("kind"));

        Map<String, Object> slow = map(node(nodes, "slow_square").get("definition"));
        assertEquals(5000, list(slow.get("args")).get(1).get("default"));
    }

    @Test
    void checksArgumentsWithTheNodesCodec() {
        Map<String, Object> ok = await(service.validate("summarize",
                "{\"measurements\":[{\"name\":\"a\",\"value\":1.5,\"unit\":\"NM\"}]}"));
        assertEquals(List.of(), ok.get("errors"));

        Map<String, Object> bad = await(service.validate("summarize",
                "{\"measurements\":[{\"name\":\"a\",\"value\":1.5,\"unit\":\"NM\"},"
                        + "{\"name\":\"b\",\"value\":\"lots\",\"unit\":\"NM\"}]}"));
        List<Map<String, Object>> errors = list(bad.get("errors"));
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("measurements[1].value", errors.get(0).get("path"));
        assertTrue(((String) errors.get(0).get("problem")).contains("lots"), errors.toString());

        Map<String, Object> wrongEnum = await(service.validate("summarize",
                "{\"measurements\":[{\"name\":\"a\",\"value\":1,\"unit\":\"KM\"}]}"));
        assertEquals("measurements[0].unit", list(wrongEnum.get("errors")).get(0).get("path"));

        Map<String, Object> missing = await(service.validate("divide", "{\"dividend\":1}"));
        assertEquals("divisor", list(missing.get("errors")).get(0).get("path"));

        assertEquals(Map.of("error", "This application has no node 'nope'"), await(service.validate("nope", "{}")));
        assertTrue(((String) await(service.validate("divide", "[1,2]")).get("error")).contains("JSON object"));
        assertTrue(((String) await(service.validate("divide", "{")).get("error")).contains("not valid JSON"));
    }

    @Test
    void reportsTheServerAndTheAgentLink() {
        Map<String, Object> server = service.server();
        assertEquals(TestServer.url("devui"), server.get("url"));
        assertEquals(false, server.get("devServices"));
        assertEquals(TestServer.url("devui") + "/graphql", server.get("graphqlUrl"));
        assertEquals(true, server.get("agent"));
        assertEquals(true, server.get("connected"));
        assertEquals("CONNECTED", server.get("state"));
        assertNotNull(server.get("agentId"));
        assertEquals(0, server.get("reconnects"));
        assertEquals(4, server.get("nodes"));
        assertTrue((Integer) server.get("unconfirmedReports") >= 0);
    }

    @Test
    void listsTheServersTasksWithTheirEvents() {
        Object quotient = rekuest.get().use("divide").call(Map.of("dividend", 6.0, "divisor", 3.0));
        assertEquals(2.0, ((Number) quotient).doubleValue());

        List<Map<String, Object>> tasks = await(service.tasks(20));
        Map<String, Object> task = tasks.stream()
                .filter(t -> "divide".equals(map(t.get("action")).get("key"))).findFirst().orElseThrow();
        assertEquals(Map.of("dividend", 6.0, "divisor", 3.0), task.get("args"));
        assertEquals("COMPLETED", task.get("latestEventKind"));
        assertNotNull(task.get("finishedAt"));
        assertTrue(list(task.get("events")).stream().anyMatch(e -> "YIELD".equals(e.get("kind"))
                && Map.of("return0", 2.0).equals(e.get("returns"))), task.toString());

        Map<String, Object> one = await(service.task((String) task.get("id")));
        List<String> kinds = list(one.get("events")).stream().map(e -> (String) e.get("kind")).toList();
        assertEquals("COMPLETED", kinds.get(kinds.size() - 1), kinds.toString());
        assertTrue(kinds.contains("YIELD"), kinds.toString());
    }

    @Test
    void assignsThroughTheServerAndStreamsTheEvents() {
        Map<String, Object> assigned = await(service.assign("summarize",
                "{\"measurements\":[{\"name\":\"a\",\"value\":1.5,\"unit\":\"NM\"},"
                        + "{\"name\":\"b\",\"value\":2.5,\"unit\":\"UM\"}],\"label\":\"x\"}"));
        String taskId = (String) assigned.get("taskId");
        assertNotNull(taskId, assigned.toString());
        List<Map<String, Object>> events = watch(taskId);
        Map<String, Object> last = events.get(events.size() - 1);
        assertEquals("COMPLETED", last.get("kind"), events.toString());
        assertEquals(true, last.get("terminal"));
        Map<String, Object> yield = events.stream().filter(e -> "YIELD".equals(e.get("kind"))).findFirst().orElseThrow();
        assertEquals(Map.of("return0", Map.of("count", 2, "total", 4.0, "__identifier",
                "@io.quarkiverse.rekuest.deployment.devui/DevUINodes.Summary")), yield.get("returns"));
        // a second subscriber gets the same events again
        assertEquals(events.stream().map(e -> e.get("kind")).toList(),
                watch(taskId).stream().map(e -> e.get("kind")).toList());
    }

    @Test
    void assignRefusesArgumentsTheNodeWouldRefuse() {
        Map<String, Object> refused = await(service.assign("divide", "{\"dividend\":1,\"divisor\":\"zero\"}"));
        assertEquals(List.of(Map.of("path", "divisor", "problem", list(refused.get("errors")).get(0).get("problem"))),
                refused.get("errors"));
        assertNull(refused.get("taskId"));
    }

    @Test
    void aFailureEndsTheStreamWithItsMessage() {
        String taskId = (String) await(service.assign("divide", "{\"dividend\":1,\"divisor\":0}")).get("taskId");
        List<Map<String, Object>> events = watch(taskId);
        Map<String, Object> last = events.get(events.size() - 1);
        assertEquals("FAILED", last.get("kind"), events.toString());
        assertEquals("Cannot divide 1.0 by zero", last.get("message"));
    }

    @Test
    void aSlowTaskIsCancelled() {
        String taskId = (String) await(service.assign("slow_square", "{\"x\":3,\"millis\":60000}")).get("taskId");
        assertNotNull(taskId);
        // wait until it runs, then cancel
        service.watch(taskId).filter(e -> "STARTED".equals(e.get("kind")) || "PROGRESS".equals(e.get("kind")))
                .toUni().await().atMost(WAIT);
        assertEquals(true, await(service.cancel(taskId)));
        List<Map<String, Object>> events = watch(taskId);
        assertEquals("CANCELLED", events.get(events.size() - 1).get("kind"), events.toString());
    }

    @Test
    void pausesAndResumes() {
        String taskId = (String) await(service.assign("slow_square", "{\"x\":4,\"millis\":1000}")).get("taskId");
        service.watch(taskId).filter(e -> "STARTED".equals(e.get("kind")) || "PROGRESS".equals(e.get("kind")))
                .toUni().await().atMost(WAIT);
        assertEquals(true, await(service.pause(taskId)));
        assertEquals(true, await(service.resume(taskId)));
        List<Map<String, Object>> events = watch(taskId);
        List<Object> kinds = events.stream().map(e -> e.get("kind")).toList();
        assertTrue(kinds.contains("PAUSING") || kinds.contains("PAUSED"), kinds.toString());
        assertEquals("COMPLETED", kinds.get(kinds.size() - 1), kinds.toString());
    }

    @Test
    void unknownTasksAreNamed() {
        Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> service.watch("nope").collect().asList().await().atMost(WAIT));
        assertTrue(failure.getMessage().contains("nope"), failure.getMessage());
        assertThrowsMessage(() -> await(service.cancel("nope")), "nope");
        assertThrowsMessage(() -> await(service.tasks(0)), "limit");
    }

    static void assertThrowsMessage(org.junit.jupiter.api.function.Executable call, String part) {
        Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, call);
        assertTrue(failure.getMessage().contains(part), failure.getMessage());
    }

    List<Map<String, Object>> watch(String taskId) {
        return service.watch(taskId).collect().asList().await().atMost(WAIT);
    }

    static Map<String, Object> node(List<Map<String, Object>> nodes, String iface) {
        return nodes.stream().filter(n -> iface.equals(n.get("interface"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    static <T> T await(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }
}
