package io.quarkiverse.rekuest.devserver.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;

/**
 * The dev server's SDL (served at {@code GET /schema}) is a strict subset of the real server's v2.2.0 SDL
 * ({@code ../shared/reference/rekuest-server-next-v2.2.0.graphql}): see {@link SdlSubset} for what "subset" means.
 * Skipped with a message when the reference file is not there.
 */
class SchemaConformanceTest {

    static final String REFERENCE = "reference/rekuest-server-next-v2.2.0.graphql";

    @Test
    void servedSchemaIsAStrictSubsetOfTheRealServersSchema() throws Exception {
        Path reference = referenceFile();
        Assumptions.assumeTrue(reference != null && Files.isRegularFile(reference),
                () -> "Skipped: the reference SDL " + REFERENCE + " was not found (looked in "
                        + sharedDirCandidates() + "); set -Drekuest.shared.dir to the shared docs folder to run it");
        String served;
        try (DevServer server = DevServer.start(DevServerConfig.builder().port(0).build())) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.httpUrl() + "/schema")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            served = response.body();
        }
        List<String> problems = SdlSubset.violations(served, Files.readString(reference, StandardCharsets.UTF_8));
        assertTrue(problems.isEmpty(), () -> "The dev server's schema differs from " + reference + ":\n  "
                + String.join("\n  ", problems));
    }

    // -- the comparison itself must catch mismatches (so the test above cannot pass vacuously)

    private static final String REF = """
            scalar DateTime
            interface Node { id: ID! }
            type Task implements Node { id: ID! done: Boolean! at: DateTime tags: [String!]! find(q: String!, limit: Int = 10): [Task!] }
            input TaskInput { id: ID! name: String = null limit: Int! = 5 }
            enum Kind @deprecated { A B C }
            union Any = Task
            """;

    @Test
    void identicalAndSmallerSchemasConform() {
        assertEquals(List.of(), SdlSubset.violations(REF, REF));
        assertEquals(List.of(), SdlSubset.violations("""
                "described" type Task { id: ID! find(q: String!): [Task!] }
                input TaskInput { id: ID! }
                enum Kind { B }
                """, REF));
    }

    @Test
    void everyKindOfMismatchIsReported() {
        assertMismatch("type Task { id: ID }", "field Task.id: type ID here but ID! in the reference");
        assertMismatch("type Task { tags: [String]! }", "field Task.tags: type [String]! here but [String!]! in the reference");
        assertMismatch("type Task { extra: Int }", "field Task.extra: not in the reference");
        assertMismatch("type Missing { id: ID! }", "type Missing: not in the reference");
        assertMismatch("type Task { find(q: String): [Task!] }",
                "argument Task.find.q: type String here but String! in the reference");
        assertMismatch("type Task { find(q: String!, other: Int): [Task!] }", "argument Task.find.other: not in the reference");
        assertMismatch("type Task { find(limit: Int): [Task!] }",
                "argument Task.find.q: required by the reference (String!) but missing here");
        assertMismatch("input TaskInput { id: ID }", "input field TaskInput.id: type ID here but ID! in the reference");
        assertMismatch("input TaskInput { name: String }", "input field TaskInput.id: required by the reference (ID!) but missing here");
        assertMismatch("enum Kind { A D }", "enum Kind.D: not in the reference");
        assertMismatch("input Kind { a: Int }", "Kind: is input here but enum in the reference");
        assertMismatch("scalar Unknown", "scalar Unknown: not in the reference");
        assertMismatch("type Other { id: ID! } union Any = Task | Other", "union Any: member Other not in the reference");
        assertMismatch("interface Named { id: ID! } type Task implements Named { id: ID! }",
                "Task implements Named: not in the reference");
    }

    private static void assertMismatch(String subset, String expected) {
        List<String> problems = SdlSubset.violations(subset, REF);
        assertFalse(problems.isEmpty(), () -> "no mismatch found for: " + subset);
        assertTrue(problems.contains(expected), () -> "expected '" + expected + "' among " + problems);
    }

    // -- where the shared docs live

    private static Path referenceFile() {
        for (Path dir : sharedDirCandidates()) {
            Path file = dir.resolve(REFERENCE);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    private static List<Path> sharedDirCandidates() {
        List<Path> candidates = new java.util.ArrayList<>();
        String configured = System.getProperty("rekuest.shared.dir");
        if (configured != null && !configured.isBlank() && !configured.contains("${")) {
            candidates.add(Path.of(configured));
        }
        // surefire runs in the module directory: <root>/dev-server → <root>/../shared
        candidates.add(Path.of("").toAbsolutePath().resolve("../../shared").normalize());
        return candidates;
    }
}
