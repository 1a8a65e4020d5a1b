package io.quarkiverse.rekuest.runtime.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.runtime.graphql.AgentDocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every GraphQL document the extension sends (the agent's {@link AgentDocuments} and the caller's
 * {@link RekuestCaller#documents()}) validates against the schema the server itself serves at {@code GET /schema}: the
 * server given by {@code REKUEST_URL} / {@code -Dquarkus.rekuest.url} in the conformance profile, else an embedded one
 * started here. In the runtime's package, to reach the caller's package-private document list.
 */
public class LiveSchemaConformanceTest {

    @Test
    void everyDocumentTheExtensionSendsValidatesAgainstTheServersSchema() throws Exception {
        String url = serverUrl();
        DevServer embedded = null;
        if (url == null) {
            embedded = DevServer.start(DevServerConfig.builder().port(0).build());
            url = embedded.httpUrl();
        }
        try {
            GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl(url)));
            List<String> documents = new ArrayList<>(AgentDocuments.ALL);
            documents.addAll(RekuestCaller.documents());
            List<String> invalid = new ArrayList<>();
            for (String document : documents) {
                List<ValidationError> errors = new Validator().validateDocument(schema, Parser.parse(document), Locale.ROOT);
                if (!errors.isEmpty()) {
                    invalid.add(document + " -> " + errors);
                }
            }
            assertEquals(List.of(), invalid, "documents the server at " + url + " does not accept");
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static String serverUrl() {
        for (String value : new String[] { System.getenv("REKUEST_URL"), System.getProperty("quarkus.rekuest.url") }) {
            if (value != null && !value.isBlank()) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static String sdl(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/schema"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> "GET " + url + "/schema: " + response.body());
        String text = response.body();
        // a federated server's SDL uses Apollo Federation directives without declaring them
        if (text.contains("@key") && !text.contains("directive @key")) {
            text += "\ndirective @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE\n";
        }
        if (text.contains("@link") && !text.contains("directive @link")) {
            text += "\ndirective @link(url: String!, import: [String]) repeatable on SCHEMA\n";
        }
        return text;
    }
}
