package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Python client's GraphQL operations (arkitektio/rekuest-next 2.1.2, read from
 * {@code ../shared/reference/rekuest-next-2.1.2-operations.json} at test time; skipped with a message when absent)
 * against the embedded server: each validates here exactly when it validates against the real server's v2.2.0 SDL,
 * and the caller's operations (assign, cancel, interrupt, pause, resume, the agent, action and implementation
 * listings) execute without errors and answer every field they select.
 */
class ClientOperationsTest {

    /** Directives of the reference SDL's deployment (Apollo federation) that graphql-java does not know. */
    private static final String FEDERATION = """
            directive @link(url: String!, import: [String!]) repeatable on SCHEMA
            directive @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
            """;

    private Fixture fx;
    private RawSocket agi;
    private Map<String, String> operations;
    private GraphQLSchema embedded;

    @BeforeEach
    void start() throws Exception {
        JsonNode file = Api.MAPPER.readTree(SharedReference.readOrSkip(SharedReference.CLIENT_OPERATIONS));
        operations = new TreeMap<>();
        file.get("operations").fields().forEachRemaining(e -> operations.put(e.getKey(), e.getValue().asText()));
        fx = new Fixture();
        embedded = schema(Api.get(fx.server.httpUrl() + "/schema").body());
    }

    @AfterEach
    void stop() {
        if (agi != null) {
            agi.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private static GraphQLSchema schema(String sdl) {
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
    }

    private static boolean valid(GraphQLSchema schema, String document) {
        return errors(schema, document).isEmpty();
    }

    private static List<String> errors(GraphQLSchema schema, String document) {
        try {
            Document parsed = Parser.parse(document);
            List<ValidationError> errors = new Validator().validateDocument(schema, parsed, Locale.ROOT);
            return errors.stream().map(ValidationError::getMessage).toList();
        } catch (InvalidSyntaxException e) {
            return List.of(e.getMessage());
        }
    }

    @Test
    void everyOperationValidatesHereExactlyWhenItValidatesAgainstTheReference() {
        GraphQLSchema reference = schema(FEDERATION + SharedReference.readOrSkip(SharedReference.SDL));
        List<String> disagreements = new ArrayList<>();
        List<String> validOnBoth = new ArrayList<>();
        for (Map.Entry<String, String> operation : operations.entrySet()) {
            boolean there = valid(reference, operation.getValue());
            List<String> here = errors(embedded, operation.getValue());
            if (there != here.isEmpty()) {
                disagreements.add(operation.getKey() + ": " + (there ? "valid on v2.2.0 but not here: " + here
                        : "valid here but not on v2.2.0: " + errors(reference, operation.getValue())));
            } else if (there) {
                validOnBoth.add(operation.getKey());
            }
        }
        assertTrue(disagreements.isEmpty(), () -> String.join("\n", disagreements));
        assertEquals(111, operations.size(), "the client's operations");
        assertEquals(41, validOnBoth.size(),
                () -> "operations valid on v2.2.0 (the other 70 are older than it): " + validOnBoth);
    }

    // ------------------------------------------------------------------ execution

    private JsonNode run(String token, String operation, Map<String, Object> variables) {
        String document = operations.get(operation);
        JsonNode response = fx.graphql(token).post(document, variables);
        assertFalse(response.has("errors") && !response.get("errors").isNull(),
                () -> operation + " answered errors: " + response);
        JsonNode data = response.get("data");
        List<String> missing = ResponseShape.missingFields(embedded, Parser.parse(document), data);
        assertTrue(missing.isEmpty(), () -> operation + " lacks " + missing + " in " + data);
        return data;
    }

    /** A definition as the Python client declares one: widgets, effects, validators and choices on its ports. */
    private static Map<String, Object> richImplementation() {
        Map<String, Object> a = Fixture.port("a", "INT");
        a.put("widget", Map.of("kind", "SLIDER", "min", 0, "max", 10, "step", 1));
        a.put("effects", List.of(Map.of("kind", "MESSAGE", "function", "() => true", "dependencies", List.of("b"), "message",
                "careful")));
        a.put("validators", List.of(Map.of("function", "(v) => v > 0", "dependencies", List.of(), "label", "positive")));
        Map<String, Object> b = Fixture.port("b", "STRING");
        b.put("widget", Map.of("kind", "CHOICE", "choices", List.of(Map.of("value", 1, "label", "one"))));
        b.put("choices", List.of(Map.of("value", "x", "label", "X"), Map.of("value", 2, "label", "two")));
        Map<String, Object> c = Fixture.port("c", "STRING");
        c.put("widget", Map.of("kind", "SEARCH", "query", "query { things { value: id label: name } }", "ward", "mikro"));
        Map<String, Object> out = Fixture.port("return0", "INT");
        out.put("widget", Map.of("kind", "CUSTOM", "hook", "show", "ward", "mikro"));
        Map<String, Object> implementation = Fixture.implementation("join_words", "FUNCTION", List.of(a, b, c), List.of(out));
        @SuppressWarnings("unchecked")
        Map<String, Object> definition = (Map<String, Object>) implementation.get("definition");
        definition.put("name", "Join Words");
        return implementation;
    }

    private static Map<String, Object> assignInput(String actionId, String reference) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("action", actionId);
        input.put("args", Map.of("a", 1, "b", "x", "c", "y"));
        input.put("reference", reference);
        input.put("cached", false);
        input.put("log", false);
        input.put("capture", false);
        input.put("ephemeral", false);
        input.put("dependencies", List.of());
        return input;
    }

    @Test
    void theCallersOperationsExecuteWithTheRealServersShape() {
        JsonNode ensured = run(Fixture.AGENT, "EnsureAgentMutation", Map.of("input", Map.of("name", "python-like")));
        String agentId = ensured.get("ensureAgent").get("id").asText();
        Map<String, Object> implement = new LinkedHashMap<>();
        implement.put("name", "python-like");
        implement.put("implementations", List.of(richImplementation()));
        implement.put("states", List.of());
        implement.put("locks", List.of());
        implement.put("bloks", List.of());
        run(Fixture.AGENT, "ImplementAgentMutation", Map.of("input", implement));
        agi = fx.connect(Fixture.AGENT);

        assertEquals(agentId, run(Fixture.CALLER, "GetAgentQuery", Map.of("id", agentId)).get("agent").get("id").asText());
        assertEquals(agentId, run(Fixture.CALLER, "GetAgentByIdentifiersQuery", Map.of("app", "agent-app"))
                .get("agent").get("id").asText());
        assertEquals(1, run(Fixture.CALLER, "ListAgentsQuery", Map.of()).get("agents").size());

        JsonNode listed = run(Fixture.CALLER, "ListActionsQuery", Map.of("filters", Map.of("search", "join")));
        assertEquals(1, listed.get("actions").size());
        JsonNode action = listed.get("actions").get(0);
        String actionId = action.get("id").asText();
        assertEquals("SliderAssignWidget", action.get("args").get(0).get("widget").get("__typename").asText());
        assertEquals("MessageEffect", action.get("args").get(0).get("effects").get(0).get("__typename").asText());
        assertEquals("ChoiceAssignWidget", action.get("args").get(1).get("widget").get("__typename").asText());
        assertEquals("2", action.get("args").get(1).get("choices").get(1).get("value").asText(), "Choice.value is a string");
        assertEquals("SearchAssignWidget", action.get("args").get(2).get("widget").get("__typename").asText());
        assertEquals("CustomReturnWidget", action.get("returns").get(0).get("widget").get("__typename").asText());
        // search matches the name only, case-insensitively ("join_words" is the key)
        assertEquals(0, run(Fixture.CALLER, "ListActionsQuery", Map.of("filters", Map.of("search", "join_words")))
                .get("actions").size());
        assertEquals(1, run(Fixture.CALLER, "SearchActionsQuery", Map.of("search", "JOIN")).get("options").size());
        assertEquals(1, run(Fixture.CALLER, "GetMeActionsQuery", Map.of()).get("actions").size());
        assertEquals(0, run(Fixture.CALLER, "PrimaryActionsQuery", Map.of("identifier", "@mikro/image"))
                .get("actions").size());
        JsonNode options = run(Fixture.CALLER, "SearchImplementationsQuery", Map.of("search", "WORDS")).get("options");
        assertEquals("Join Words", options.get(0).get("label").asText());

        JsonNode assigned = run(Fixture.CALLER, "AssignMutation", Map.of("input", assignInput(actionId, "ref-1")))
                .get("assign");
        assertEquals("ref-1", assigned.get("reference").asText());
        String cancelled = assigned.get("id").asText();
        run(Fixture.CALLER, "CancelMutation", Map.of("input", Map.of("task", cancelled)));
        String interrupted = run(Fixture.CALLER, "AssignMutation", Map.of("input", assignInput(actionId, "ref-2")))
                .get("assign").get("id").asText();
        run(Fixture.CALLER, "InterruptMutation", Map.of("input", Map.of("task", interrupted)));
        String paused = run(Fixture.CALLER, "AssignMutation", Map.of("input", assignInput(actionId, "ref-3")))
                .get("assign").get("id").asText();
        run(Fixture.CALLER, "PauseMutation", Map.of("input", Map.of("task", paused)));
        JsonNode resumed = run(Fixture.CALLER, "ResumeMutation", Map.of("input", Map.of("task", paused))).get("resume");
        assertTrue(resumed.get("events").size() >= 2, () -> "PAUSING and RESUMING: " + resumed);
        assertEquals(0, resumed.get("instructs").size(), "v2.2.0 records no TaskInstruct rows");

        JsonNode tasks = run(Fixture.CALLER, "RequestsQuery", Map.of()).get("tasks");
        assertEquals(3, tasks.size());
        String eventId = resumed.get("events").get(0).get("id").asText();
        assertEquals(eventId, run(Fixture.CALLER, "GetEventQuery", Map.of("id", eventId)).get("event").get("id").asText());
    }

    @Test
    void whatTheEmbeddedServerDoesNotImplementAnswersWithoutInventingData() {
        JsonNode response = fx.graphql(Fixture.CALLER).post(operations.get("CreateDashboardMutation"),
                Map.of("input", Map.of("name", "board")));
        assertEquals("not implemented by the embedded server: createDashboard",
                response.get("errors").get(0).get("message").asText());
        assertEquals("Dashboard matching query does not exist.", fx.graphql(Fixture.CALLER).error(
                operations.get("GetDashboardQuery"), Map.of("id", "1")));
        assertEquals(0, fx.graphql(Fixture.CALLER).data(operations.get("ListToolboxesQuery"), Map.of())
                .get("toolboxes").size());
    }
}
