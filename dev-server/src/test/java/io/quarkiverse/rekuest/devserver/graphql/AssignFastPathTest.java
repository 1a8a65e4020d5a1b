package io.quarkiverse.rekuest.devserver.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.GraphQLHttp;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assign fast path answers exactly as graphql-java's execution does: the same mutation is sent plain (fast path)
 * and with a directive that forces the general path; failures are left to the general path.
 */
class AssignFastPathTest {

    private static final String SELECTION = "{ __typename id reference isDone latestEventKind latestInstructKind capture"
            + " ephemeral createdAt updatedAt finishedAt args actedOn ref: reference }";
    private static final String FAST = "mutation($i: AssignInput!) { task: assign(input: $i) " + SELECTION + " }";
    private static final String GENERAL = "mutation($i: AssignInput!) { task: assign(input: $i) @include(if: true) "
            + SELECTION + " }";

    private final Fixture fx = new Fixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    private static Map<String, Object> input(String actionId, Object cached) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("action", actionId);
        input.put("args", Map.of("a", 1, "b", 2));
        input.put("reference", "same-reference");
        input.put("cached", cached);
        input.put("log", false);
        input.put("capture", true);
        input.put("ephemeral", false);
        return input;
    }

    @Test
    void theFastPathAnswersWhatGraphQLJavaAnswers() {
        JsonNode agent = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
        String actionId = agent.get("implementations").get(0).get("action").get("id").asText();
        try (RawSocket agi = fx.connect(Fixture.AGENT)) {
            GraphQLHttp gql = fx.graphql(Fixture.CALLER);
            long before = AssignFastPath.SERVED.sum();
            JsonNode fast = gql.post(FAST, Map.of("i", input(actionId, false)));
            assertEquals(1, AssignFastPath.SERVED.sum() - before, "the plain document took the fast path");
            JsonNode general = gql.post(GENERAL, Map.of("i", input(actionId, false)));
            assertEquals(1, AssignFastPath.SERVED.sum() - before, "the directive forces graphql-java");

            assertTrue(fast.get("data").get("task").get("createdAt").asText()
                    .matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)"));
            assertEquals(normalised(general), normalised(fast), "same fields, order and values (ids and times aside)");
            assertEquals("Task", fast.get("data").get("task").get("__typename").asText());
            assertEquals(2, fast.get("data").get("task").get("args").get("b").asInt());
            agi.nextOfType("ASSIGN");
            agi.nextOfType("ASSIGN");
        }
    }

    @Test
    void failuresAreLeftToTheGeneralPath() {
        JsonNode agent = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
        String actionId = agent.get("implementations").get(0).get("action").get("id").asText();
        GraphQLHttp gql = fx.graphql(Fixture.CALLER);
        long before = AssignFastPath.SERVED.sum();
        // the agent is offline: the store refuses, graphql-java reports the error with path and location
        JsonNode offline = gql.post(FAST, Map.of("i", input(actionId, false)));
        assertEquals("No active implementation found for action add", offline.get("errors").get(0).get("message").asText());
        assertEquals("task", offline.get("errors").get(0).get("path").get(0).asText());
        // a variable of the wrong type: graphql-java's coercion error
        JsonNode badVariable = gql.post(FAST, Map.of("i", input(actionId, "yes")));
        assertTrue(badVariable.get("errors").get(0).get("message").asText().startsWith("Variable 'i' has an invalid value"),
                badVariable.toString());
        assertEquals(0, AssignFastPath.SERVED.sum() - before);
        assertEquals(0, fx.graphql(Fixture.CALLER).data("{ tasks { id } }", Map.of()).get("tasks").size(),
                "no task was created twice or by a failed attempt");
    }

    private static JsonNode normalised(JsonNode response) {
        ObjectNode copy = response.deepCopy();
        ObjectNode task = (ObjectNode) copy.get("data").get("task");
        for (String field : List.of("id", "createdAt", "updatedAt")) {
            task.put(field, "<" + field + ">");
        }
        return copy;
    }
}
