package io.quarkiverse.rekuest.devserver.graphql;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agent dependencies (§5.4) as the embedded server keeps them: declared in {@code implementAgent}, resolved into
 * {@code Task.dependencies} at assign time, {@code dependency} + {@code method} + {@code parent} routed to a resolved
 * agent (GraphQL and {@code ASSIGN_REQUEST}); and the routing rule replicas meet (§1.5, §2.6): an assign by action goes
 * to the first available implementation, and an agent that went silent stays available until its heartbeat fails.
 */
class DependenciesAndRoutingTest {

    private static final String REPLICA = "replica-token";
    private static final String IMPLEMENTATIONS = "query($id: ID){ agent(id: $id){ implementations { id interface "
            + "dependencies { key optional autoResolvable appFilter actionDependencies { key optional demand { key app } } } } } }";
    private static final String ASSIGN = "mutation($i: AssignInput!){ assign(input:$i){ id dependencies "
            + "implementation { id } agent { id } } }";

    private final Fixture fx = new Fixture(Fixture.fast().staticToken(REPLICA,
            new Identity("replica-client", "agent-app", "1.0", "alice", "alice", "lab", List.of())));

    @AfterEach
    void stop() {
        fx.close();
    }

    /** {@code workflow} of the agent app, depending on {@code add} of other-app under the key {@code Calc}. */
    private static Map<String, Object> workflow(boolean optional) {
        Map<String, Object> workflow = Fixture.implementation("workflow", "FUNCTION", List.of(Fixture.port("n", "INT")),
                List.of(Fixture.port("return0", "INT")));
        Map<String, Object> dependency = new LinkedHashMap<>();
        dependency.put("key", "Calc");
        dependency.put("app", "other-app");
        dependency.put("optional", optional);
        dependency.put("autoResolvable", true);
        dependency.put("actionDependencies", List.of(Map.of("key", "add", "optional", false,
                "demand", Map.of("key", "add", "app", "other-app"))));
        workflow.put("dependencies", List.of(dependency));
        return workflow;
    }

    private static Map<String, Object> input(String field, String value, Map<String, Object> args) {
        Map<String, Object> input = new LinkedHashMap<>(AssignAndControlTest.input(field, value, args));
        return input;
    }

    @Test
    void declaredDependenciesAreKeptAndResolvedAtAssign() {
        JsonNode agent = fx.implement(Fixture.AGENT, List.of(workflow(false)));
        String addImplementation = fx.implement(Fixture.OTHER_AGENT, List.of(Fixture.add())).get("implementations").get(0)
                .get("id").asText();
        String otherAgent = fx.graphql(Fixture.OTHER_AGENT).data("{ agents { id name } }", Map.of()).get("agents")
                .findValuesAsText("id").get(1);
        JsonNode declared = fx.graphql(Fixture.CALLER).data(IMPLEMENTATIONS, Map.of("id", agent.get("id").asText()))
                .get("agent").get("implementations").get(0).get("dependencies").get(0);
        assertEquals("Calc", declared.get("key").asText());
        assertEquals("other-app", declared.get("appFilter").asText());
        assertEquals("add", declared.get("actionDependencies").get(0).get("demand").get("key").asText());
        try (RawSocket workflowAgent = fx.connect(Fixture.AGENT); RawSocket adder = fx.connect(Fixture.OTHER_AGENT)) {
            workflowAgent.answerHeartbeats();
            adder.answerHeartbeats();
            String workflowImplementation = agent.get("implementations").get(0).get("id").asText();
            JsonNode task = fx.graphql(Fixture.CALLER).data(ASSIGN,
                    Map.of("i", input("implementation", workflowImplementation, Map.of("n", 1)))).get("assign");
            JsonNode resolved = task.get("dependencies").get("Calc");
            assertEquals(1, resolved.size(), task::toString);
            assertEquals(otherAgent, resolved.get(0).get("agent").asText(), task::toString);
            assertEquals(addImplementation, resolved.get(0).get("actions").get("add").get("implementation").asText());
            String parent = task.get("id").asText();

            // through GraphQL: dependency + method + parent
            Map<String, Object> child = new LinkedHashMap<>(input("dependency", "Calc", Map.of("a", 1, "b", 2)));
            child.put("method", "add");
            child.put("parent", parent);
            JsonNode childTask = fx.graphql(Fixture.CALLER).data(ASSIGN, Map.of("i", child)).get("assign");
            assertEquals(addImplementation, childTask.get("implementation").get("id").asText(), childTask::toString);

            // through the running agent's socket
            workflowAgent.send(Map.of("id", "req-1", "type", "ASSIGN_REQUEST", "reference", "ref-1", "args",
                    Map.of("a", 2, "b", 3), "dependency", "Calc", "method", "add", "parent", parent));
            JsonNode response = workflowAgent.nextOfType("ASSIGN_RESPONSE");
            assertTrue(response.hasNonNull("task"), response::toString);
            assertEquals("add", adder.nextMatching(f -> "ASSIGN".equals(f.path("type").asText())
                    && response.get("task").asText().equals(f.path("task").asText()), Duration.ofSeconds(5))
                    .get("interface").asText());

            // a slot or dependency the task does not have
            child.put("method", "subtract");
            assertTrue(fx.graphql(Fixture.CALLER).error(ASSIGN, Map.of("i", child)).contains("has no method 'subtract'"));
            child.put("dependency", "Nope");
            assertTrue(fx.graphql(Fixture.CALLER).error(ASSIGN, Map.of("i", child)).contains("no resolved dependency 'Nope'"));
        }
    }

    @Test
    void aRequiredDependencyWithoutAnAvailableAgentRefusesTheAssign() {
        JsonNode agent = fx.implement(Fixture.AGENT, List.of(workflow(false)));
        fx.implement(Fixture.OTHER_AGENT, List.of(Fixture.add()));
        try (RawSocket workflowAgent = fx.connect(Fixture.AGENT)) {
            workflowAgent.answerHeartbeats();
            String error = fx.graphql(Fixture.CALLER).error(ASSIGN, Map.of("i",
                    input("implementation", agent.get("implementations").get(0).get("id").asText(), Map.of("n", 1))));
            assertTrue(error.contains("Dependency 'Calc' of implementation 'workflow' cannot be resolved")
                    && error.contains("app 'other-app'") && error.contains("'add'"), error);
            assertEquals(0, fx.graphql(Fixture.CALLER).data("{ tasks { id } }", Map.of()).get("tasks").size(),
                    "no task was made");
        }
    }

    @Test
    void anOptionalDependencyWithoutAnAgentIsLeftOut() {
        JsonNode agent = fx.implement(Fixture.AGENT, List.of(workflow(true)));
        try (RawSocket workflowAgent = fx.connect(Fixture.AGENT)) {
            workflowAgent.answerHeartbeats();
            JsonNode task = fx.graphql(Fixture.CALLER).data(ASSIGN, Map.of("i",
                    input("implementation", agent.get("implementations").get(0).get("id").asText(), Map.of("n", 1))))
                    .get("assign");
            assertEquals(0, task.get("dependencies").size(), task::toString);
        }
    }

    @Test
    void aDependencyDeclaredTwiceIsRefused() {
        Map<String, Object> workflow = workflow(false);
        @SuppressWarnings("unchecked")
        List<Object> dependencies = (List<Object>) workflow.get("dependencies");
        workflow.put("dependencies", List.of(dependencies.get(0), dependencies.get(0)));
        fx.graphql(Fixture.AGENT).data("mutation($i: AgentInput!){ ensureAgent(input:$i){ id } }",
                Map.of("i", Map.of("name", "a")));
        String error = fx.graphql(Fixture.AGENT).error(Fixture.IMPLEMENT, Map.of("i", Map.of("name", "a",
                "implementations", List.of(workflow), "states", List.of(), "locks", List.of())));
        assertTrue(error.contains("declares the dependency 'Calc' twice"), error);
    }

    @Test
    void anAssignByActionGoesToTheFirstAvailableReplicaEvenWhenItWentSilent() {
        JsonNode first = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
        JsonNode second = fx.implement(REPLICA, List.of(Fixture.add()));
        String action = first.get("implementations").get(0).get("action").get("id").asText();
        assertEquals(action, second.get("implementations").get(0).get("action").get("id").asText(),
                "replicas of one app share the action");
        String firstImplementation = first.get("implementations").get(0).get("id").asText();
        String secondImplementation = second.get("implementations").get(0).get("id").asText();
        try (RawSocket silent = fx.connect(Fixture.AGENT); RawSocket replica = fx.connect(REPLICA)) {
            replica.answerHeartbeats();
            for (int i = 0; i < 5; i++) {
                JsonNode task = fx.graphql(Fixture.CALLER).data(ASSIGN,
                        Map.of("i", input("action", action, Map.of("a", i, "b", 1)))).get("assign");
                assertEquals(firstImplementation, task.get("implementation").get("id").asText(),
                        "the server does not spread: always the first available implementation");
            }
            // the first replica answers no heartbeat (hung): until the server notices, it is still first available
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String routedTo;
            do {
                routedTo = fx.graphql(Fixture.CALLER).data(ASSIGN,
                        Map.of("i", input("action", action, Map.of("a", 0, "b", 0)))).get("assign").get("implementation")
                        .get("id").asText();
            } while (routedTo.equals(firstImplementation) && System.nanoTime() < deadline);
            assertEquals(secondImplementation, routedTo, "once the heartbeat failed the next replica is first available");
            assertTrue(fx.graphql(Fixture.CALLER).error(ASSIGN,
                    Map.of("i", input("implementation", firstImplementation, Map.of("a", 0, "b", 0))))
                    .contains("not available"));
            silent.close();
        }
    }
}
