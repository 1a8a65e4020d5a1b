package io.quarkiverse.rekuest.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.test.FakeAction;
import io.quarkiverse.rekuest.test.FakeAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dependencies of nodes (protocol.adoc §5.4) on the embedded server: the {@code @RekuestClient} interfaces a node's
 * bean injects are declared in {@code implementAgent}, the server resolves them when the node's task is assigned, and
 * the calls the node makes through them go to the agents it resolved ({@code dependency} + {@code method}). The demo's
 * {@code binomial} ({@link Combinatorics}) depends on {@link Arithmetic}; its {@code relay} ({@link Relay}) depends on
 * {@link Spectrometer}, which nothing provides.
 */
@QuarkusTest
@DisabledIfSystemProperty(named = "quarkus.rekuest.url", matches = ".+", disabledReason = "conformance: maps dependencies with dev tokens of its own server")
@DisabledIfEnvironmentVariable(named = "REKUEST_URL", matches = ".+", disabledReason = "conformance: maps dependencies with dev tokens of its own server")
@Timeout(90)
public class DependenciesTest {

    private static final String QUERY = "query($id: ID){ agent(id: $id){ implementations { id interface dependencies {"
            + " key optional autoResolvable appFilter actionDependencies { key optional demand { key app } } } } } }";

    private final String url = ConfigProvider.getConfig().getValue("quarkus.rekuest.url", String.class);
    private final GraphQLCaller server = GraphQLCaller.ofServer(url, "dev:tester");

    @Test
    void theInjectedClientsAreDeclaredAsDependencies() {
        Map<String, JsonNode> byInterface = implementations(server.agentNamed(NodesTest.AGENT_NAME));
        JsonNode binomial = byInterface.get("binomial").get("dependencies");
        assertEquals(1, binomial.size(), binomial::toString);
        assertEquals("Arithmetic", binomial.get(0).get("key").asText());
        assertEquals(false, binomial.get(0).get("optional").asBoolean());
        assertEquals(true, binomial.get(0).get("autoResolvable").asBoolean());
        assertEquals(List.of("factorial", "multiply", "range", "square"), slots(binomial.get(0)));
        JsonNode relay = byInterface.get("relay").get("dependencies");
        assertEquals("Spectrometer", relay.get(0).get("key").asText(), relay::toString);
        assertEquals("spectrometer", relay.get(0).get("appFilter").asText(), relay::toString);
        assertEquals(List.of("measure"), slots(relay.get(0)));
        assertEquals("spectrometer", relay.get(0).get("actionDependencies").get(0).get("demand").get("app").asText());
        assertEquals(0, byInterface.get("add").get("dependencies").size(), "a node whose bean injects no client");
    }

    @Test
    void callsInsideATaskGoToTheAgentsTheServerResolved() {
        String demo = server.agentNamed(NodesTest.AGENT_NAME);
        Map<String, JsonNode> demoImplementations = implementations(demo);
        // another application that provides every action of Arithmetic, declared exactly as the demo declares them,
        // but whose factorial is always 1
        FakeAgent provider = FakeAgent.on(url, "dev:arithmetic-provider").named("dev:arithmetic-provider");
        for (String key : List.of("factorial", "multiply", "range", "square")) {
            JsonNode action = server.data("query($id: ID!){ implementation(id: $id){ action { key kind args { key kind "
                    + "nullable } returns { key kind nullable } } } }",
                    Map.of("id", demoImplementations.get(key).get("id")
                            .asText()))
                    .get("implementation").get("action");
            provider.serve(sameDefinition(key, action).respond(task -> task.yield(1).complete()));
        }
        try (FakeAgent running = provider.start()) {
            String providerId = server.agentNamed("dev:arithmetic-provider");
            // the caller maps the dependency to the provider: binomial's factorials run there
            String binomial = demoImplementations.get("binomial").get("id").asText();
            Map<String, Object> input = GraphQLCaller.assignInput("implementation", binomial, Map.of("n", 5, "k", 2));
            input.put("dependencies", List.of(Map.of("key", "Arithmetic", "autoResolve", false,
                    "mappedAgents", List.of(Map.of("key", "Arithmetic", "agent", providerId)))));
            String task = server.data("mutation($i: AssignInput!){ assign(input: $i){ id } }", Map.of("i", input))
                    .get("assign").get("id").asText();
            JsonNode done = server.awaitDone(task);
            assertEquals(1, GraphQLCaller.result(done).asInt(), () -> "5 choose 2 from factorials that are all 1: "
                    + done);
            JsonNode tree = server.taskTree(task);
            assertEquals(3, tree.get("children").size(), tree::toString);
            for (JsonNode child : tree.get("children")) {
                assertEquals(providerId, child.get("agent").get("id").asText(), tree::toString);
            }
            JsonNode resolved = server.data("query($id: ID!){ task(id: $id){ dependencies } }", Map.of("id", task))
                    .get("task").get("dependencies");
            assertEquals(providerId, resolved.get("Arithmetic").get(0).get("agent").asText(), resolved::toString);
        }
        // auto-resolved (the provider is gone): the demo's own factorial
        String again = server.assign(demoImplementations.get("binomial").get("id").asText(), Map.of("n", 5, "k", 2));
        JsonNode done = server.awaitDone(again);
        assertEquals(10, GraphQLCaller.result(done).asInt(), done::toString);
        JsonNode resolved = server.data("query($id: ID!){ task(id: $id){ dependencies } }", Map.of("id", again))
                .get("task").get("dependencies");
        assertEquals(demo, resolved.get("Arithmetic").get(0).get("agent").asText(), resolved::toString);
    }

    @Test
    void aMissingRequiredDependencyIsAReadinessDetailAndRefusesTheAssign() {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonPath health;
        String missing;
        do {
            health = ReadinessTest.readiness(200);
            missing = ReadinessTest.check(health, "data.'missing dependencies'");
            if (missing == null) {
                GraphQLCaller.sleep(100);
            }
        } while (missing == null && System.nanoTime() < deadline);
        assertTrue(missing != null && missing.contains("action 'measure' of app 'spectrometer'")
                && missing.contains("Spectrometer#measure(int)") && missing.contains("node 'relay'"),
                health.prettify());
        assertEquals("UP", ReadinessTest.check(health, "status"), "a detail, not a reason to take the app out");
        String relay = implementations(server.agentNamed(NodesTest.AGENT_NAME)).get("relay").get("id").asText();
        JsonNode refused = server.post("mutation($i: AssignInput!){ assign(input: $i){ id } }",
                Map.of("i", GraphQLCaller.assignInput("implementation", relay, Map.of("channel", 1))));
        assertTrue(refused.path("errors").toString().contains("Dependency 'Spectrometer'")
                && refused.path("errors").toString().contains("'measure'"), refused::toString);
    }

    private Map<String, JsonNode> implementations(String agent) {
        Map<String, JsonNode> byInterface = new LinkedHashMap<>();
        server.data(QUERY, Map.of("id", agent)).get("agent").get("implementations")
                .forEach(implementation -> byInterface.put(implementation.get("interface").asText(), implementation));
        return byInterface;
    }

    private static List<String> slots(JsonNode dependency) {
        List<String> keys = new ArrayList<>();
        dependency.get("actionDependencies").forEach(slot -> keys.add(slot.get("key").asText()));
        return keys.stream().sorted().toList();
    }

    /** An action declared with the ports of {@code action} (as the server shows the demo's), without a behaviour. */
    private static FakeAction sameDefinition(String key, JsonNode action) {
        FakeAction copy = switch (action.get("kind").asText()) {
            case "FUNCTION" -> FakeAction.function(key);
            case "GENERATOR" -> FakeAction.generator(key);
            default -> throw new AssertionError("The demo's " + key + " is neither a FUNCTION nor a GENERATOR: " + action);
        };
        for (JsonNode port : action.get("args")) {
            // FakeAction declares non-nullable arguments only: a nullable one would not be the same definition
            assertEquals(false, port.get("nullable").asBoolean(), () -> "nullable argument of " + key + ": " + action);
            copy.arg(port.get("key").asText(), port.get("kind").asText());
        }
        int index = 0;
        for (JsonNode port : action.get("returns")) {
            // FakeAction names the return ports return0 ... returnN, in order
            assertEquals("return" + index++, port.get("key").asText(), () -> "return port of " + key + ": " + action);
            if (port.get("nullable").asBoolean()) {
                copy.returnsNullable(port.get("kind").asText());
            } else {
                copy.returns(port.get("kind").asText());
            }
        }
        return copy;
    }

}
