package io.quarkiverse.rekuest.devserver.graphql;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dev server's SDL (served at {@code GET /schema}) declares the same structure as the real server's v2.2.0 SDL
 * ({@code ../shared/reference/rekuest-server-next-v2.2.0.graphql}, skipped with a message when absent): see
 * {@link SdlDifferences}. The only differences allowed are listed in {@link #ALLOWED}, which mirrors the "Deviations"
 * table of {@code docs/modules/ROOT/pages/dev-server.adoc}.
 */
class SchemaConformanceTest {

    /**
     * Structural differences the dev server keeps on purpose. Directives that only the real server's deployment needs
     * (its authentication extension and the Apollo federation link) are not declared; their uses are left out too.
     */
    static final Set<String> ALLOWED = Set.of(
            "directive @auth: missing here");

    @Test
    void servedSchemaHasTheStructureOfTheRealServersSchema() throws Exception {
        String reference = SharedReference.readOrSkip(SharedReference.SDL);
        String served;
        try (DevServer server = DevServer.start(DevServerConfig.builder().port(0).build())) {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(server.httpUrl() + "/schema")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            served = response.body();
        }
        List<String> differences = SdlDifferences.between(served, reference);
        List<String> unexpected = new ArrayList<>(differences);
        unexpected.removeAll(ALLOWED);
        assertTrue(unexpected.isEmpty(), () -> "The dev server's schema differs from " + SharedReference.SDL
                + " (fix schema.graphqls, or allow the difference in ALLOWED and in the Deviations table of dev-server.adoc):\n  "
                + String.join("\n  ", unexpected));
        List<String> stale = ALLOWED.stream().filter(a -> !differences.contains(a)).toList();
        assertTrue(stale.isEmpty(), () -> "Allowed differences that no longer occur (remove them from ALLOWED and the docs): "
                + stale);
    }

    // -- the comparison itself must catch mismatches (so the test above cannot pass vacuously)

    private static final String REF = """
            scalar DateTime
            directive @auth on FIELD_DEFINITION
            interface Node { id: ID! }
            type Task implements Node { id: ID! done: Boolean! at: DateTime tags: [String!]! find(q: String!, limit: Int = 10): [Task!] }
            input TaskInput { id: ID! name: String = null limit: Int! = 5 }
            input TaskOrder @oneOf { createdAt: Kind }
            enum Kind { A B C }
            union Any = Task
            """;

    @Test
    void identicalSchemasHaveNoDifferences() {
        assertEquals(List.of(), SdlDifferences.between(REF, REF));
        assertEquals(List.of(),
                SdlDifferences.between(
                        """
                                "described" union Any = Task
                                enum Kind { C B A }
                                input TaskOrder @oneOf { createdAt: Kind }
                                input TaskInput { limit: Int! = 5 name: String = null id: ID! }
                                type Task implements Node { find(limit: Int = 10, q: String!): [Task!] tags: [String!]! at: DateTime done: Boolean! id: ID! }
                                interface Node { id: ID! }
                                directive @auth on FIELD_DEFINITION
                                scalar DateTime
                                """,
                        REF));
    }

    @Test
    void everyKindOfDifferenceIsReported() {
        assertDifference(REF.replace("id: ID! done", "id: ID done"), "field Task.id: type ID here but ID! in the reference");
        assertDifference(REF.replace("[String!]!", "[String]!"),
                "field Task.tags: type [String]! here but [String!]! in the reference");
        assertDifference(REF.replace("done: Boolean!", "done: Boolean! extra: Int"), "field Task.extra: not in the reference");
        assertDifference(REF.replace("done: Boolean!", ""), "field Task.done: missing here");
        assertDifference(REF + "type Missing { id: ID! }", "type Missing: not in the reference");
        assertDifference(REF.replace("union Any = Task", ""), "union Any: missing here");
        assertDifference(REF.replace("find(q: String!", "find(q: String"),
                "argument Task.find.q: type String here but String! in the reference");
        assertDifference(REF.replace("limit: Int = 10", "limit: Int = 20"),
                "argument Task.find.limit: default 20 here but 10 in the reference");
        assertDifference(REF.replace("limit: Int = 10", "limit: Int"),
                "argument Task.find.limit: default (none) here but 10 in the reference");
        assertDifference(REF.replace("q: String!, ", "q: String!, other: Int, "),
                "argument Task.find.other: not in the reference");
        assertDifference(REF.replace("name: String = null", "name: String"),
                "input field TaskInput.name: default (none) here but null in the reference");
        assertDifference(REF.replace("limit: Int! = 5", "limit: Int! = 6"),
                "input field TaskInput.limit: default 6 here but 5 in the reference");
        assertDifference(REF.replace("{ A B C }", "{ A B D }"), "enum value Kind.D: not in the reference");
        assertDifference(REF.replace("{ A B C }", "{ A B D }"), "enum value Kind.C: missing here");
        assertDifference(REF.replace("input TaskOrder @oneOf", "input TaskOrder"),
                "input TaskOrder: @oneOf in the reference only");
        assertDifference(REF.replace("enum Kind", "input Kind").replace("{ A B C }", "{ a: Int }"),
                "Kind: is input here but enum in the reference");
        assertDifference(REF + "scalar Unknown", "scalar Unknown: not in the reference");
        assertDifference(REF.replace("directive @auth on FIELD_DEFINITION", ""), "directive @auth: missing here");
        assertDifference(REF + "type Other { id: ID! } ".replace("", "") + "\n", "type Other: not in the reference");
        assertDifference(REF.replace("type Task implements Node", "type Task"), "Task implements Node: missing here");
    }

    private static void assertDifference(String mine, String expected) {
        List<String> differences = SdlDifferences.between(mine, REF);
        assertTrue(differences.contains(expected), () -> "expected '" + expected + "' among " + differences);
    }
}
