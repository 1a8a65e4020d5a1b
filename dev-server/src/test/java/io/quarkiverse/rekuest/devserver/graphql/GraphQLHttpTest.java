package io.quarkiverse.rekuest.devserver.graphql;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /graphql} authentication (§3.3), {@code GET /schema}, {@code GET /ht}, and bad GraphQL: each bad call
 * gets a GraphQL error naming the problem and the server keeps serving.
 */
class GraphQLHttpTest {

    private static final String AGENTS = "{ agents { id } }";
    private static Fixture fx;
    private static String url;

    @BeforeAll
    static void start() {
        fx = new Fixture();
        url = fx.server.graphqlUrl();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static Api.Response post(String body, String... headers) {
        return Api.post(url, body, headers);
    }

    private static String[] json(String... more) {
        String[] headers = new String[more.length + 2];
        headers[0] = "Content-Type";
        headers[1] = "application/json";
        System.arraycopy(more, 0, headers, 2, more.length);
        return headers;
    }

    @Test
    void missingAuthorizationHeaderIsAGraphQLError() {
        Api.Response response = post(Api.query(AGENTS, null), json());
        assertEquals(200, response.status());
        assertEquals("No Authorization header", response.firstError());
        assertTrue(response.json().path("data").isNull());
    }

    @Test
    void unknownTokenIsRefusedWithoutEchoingIt() {
        String token = "not-a-real-token-123";
        Api.Response response = post(Api.query(AGENTS, null), json("Authorization", "Bearer " + token));
        String message = response.firstError();
        assertTrue(message.contains("not a known static token"), message);
        assertFalse(response.body().contains(token), "the token must not be echoed: " + response.body());
    }

    @Test
    void authorizationMustBeABearerToken() {
        Api.Response response = post(Api.query(AGENTS, null), json("Authorization", "Basic " + Fixture.CALLER));
        assertTrue(response.firstError().contains("Bearer"), response.body());
    }

    @Test
    void xAuthorizationHeaderIsAccepted() {
        Api.Response response = post(Api.query(AGENTS, null), json("X-Authorization", "Bearer " + Fixture.CALLER));
        assertEquals(200, response.status());
        assertFalse(response.json().has("errors"), response.body());
        assertTrue(response.json().path("data").path("agents").isArray());
    }

    @Test
    void lowerCaseBearerAndHeaderNamesAreAccepted() {
        Api.Response response = post(Api.query(AGENTS, null), json("authorization", "bearer " + Fixture.CALLER));
        assertFalse(response.json().has("errors"), response.body());
    }

    @Test
    void schemaIsServedAsPlainText() {
        Api.Response response = Api.get(fx.server.httpUrl() + "/schema");
        assertEquals(200, response.status());
        assertTrue(response.contentType().startsWith("text/plain"), response.contentType());
        for (String expected : new String[] { "type Query", "type Mutation", "type Subscription", "input AssignInput",
                "implementAgent(input: ImplementAgentInput!): Agent!", "mytasks: TaskChangeEvent!" }) {
            assertTrue(response.body().contains(expected), () -> "schema lacks " + expected);
        }
    }

    @Test
    void healthCheckAnswers200WithoutAToken() {
        Api.Response response = Api.get(fx.server.httpUrl() + "/ht");
        assertEquals(200, response.status());
        assertEquals("ok", response.json().path("status").asText());
    }

    @Test
    void syntaxErrorIsNamedAndTheServerKeepsServing() {
        String message = fx.graphql(Fixture.CALLER).error("{ agents { id ", Map.of());
        assertTrue(message.contains("Invalid syntax"), message);
        assertServing();
    }

    @Test
    void unknownFieldIsNamed() {
        String message = fx.graphql(Fixture.CALLER).error("{ agents { id flavour } }", Map.of());
        assertTrue(message.contains("flavour") && message.contains("Agent"), message);
        assertServing();
    }

    @Test
    void unknownRootFieldIsNamed() {
        String message = fx.graphql(Fixture.CALLER).error("{ reservations { id } }", Map.of());
        assertTrue(message.contains("reservations"), message);
    }

    @Test
    void wrongVariableTypeIsNamed() {
        String message = fx.graphql(Fixture.CALLER).error("query($id: ID!){ task(id: $id){ id } }",
                Map.of("id", Map.of("not", "an id")));
        assertTrue(message.contains("id") && message.contains("ID"), message);
        assertServing();
    }

    @Test
    void missingRequiredVariableIsNamed() {
        String message = fx.graphql(Fixture.CALLER).error("query($id: ID!){ task(id: $id){ id } }", Map.of());
        assertTrue(message.contains("id"), message);
    }

    @Test
    void wrongEnumValueInAnInputIsNamed() {
        String message = fx.graphql(Fixture.CALLER).error("mutation($i: AgentInput!){ ensureAgent(input: $i){ id } }",
                Map.of("i", Map.of("kind", "CARRIER_PIGEON")));
        assertTrue(message.contains("CARRIER_PIGEON"), message);
        assertServing();
    }

    @Test
    void unknownTaskIsTheRealServersDoesNotExistError() {
        assertEquals("Task matching query does not exist.",
                fx.graphql(Fixture.CALLER).error(Fixture.TASK, Map.of("id", "424242")));
    }

    @Test
    void bodyThatIsNotJsonIsRefusedWith400() {
        Api.Response response = post("{not json", json("Authorization", "Bearer " + Fixture.CALLER));
        assertEquals(400, response.status());
        assertTrue(response.firstError().contains("JSON"), response.body());
        response = post("{\"variables\": {}}", json("Authorization", "Bearer " + Fixture.CALLER));
        assertEquals(400, response.status());
        assertTrue(response.firstError().contains("query"), response.body());
        assertServing();
    }

    @Test
    void wrongJsonTypesInTheRequestAreRefusedWith400NotLeftHanging() {
        for (String operationName : List.of("5", "[\"Q\"]", "{\"name\": \"Q\"}", "true")) {
            Api.Response response = post("{\"query\": \"query Q { __typename }\", \"operationName\": " + operationName + "}",
                    json("Authorization", "Bearer " + Fixture.CALLER));
            assertEquals(400, response.status(), response.body());
            assertTrue(response.firstError().contains("'operationName' must be a string"), response.body());
        }
        Api.Response query = post("{\"query\": {\"text\": \"{ __typename }\"}}",
                json("Authorization", "Bearer " + Fixture.CALLER));
        assertEquals(400, query.status());
        assertTrue(query.firstError().contains("'query' string"), query.body());
        Api.Response variables = post("{\"query\": \"{ __typename }\", \"variables\": [1]}",
                json("Authorization", "Bearer " + Fixture.CALLER));
        assertEquals(400, variables.status());
        assertTrue(variables.firstError().contains("'variables' must be a JSON object"), variables.body());
        assertServing();
    }

    @Test
    void subscriptionOverHttpIsRefused() {
        Api.Response response = post(Api.query("subscription { mytasks { create { id } } }", null),
                json("Authorization", "Bearer " + Fixture.CALLER));
        assertEquals(400, response.status());
        assertTrue(response.firstError().contains("websocket"), response.body());
    }

    private static void assertServing() {
        JsonNode data = fx.graphql(Fixture.CALLER).data(AGENTS, Map.of());
        assertTrue(data.path("agents").isArray());
        assertEquals(200, Api.get(fx.server.httpUrl() + "/ht").status());
    }
}
