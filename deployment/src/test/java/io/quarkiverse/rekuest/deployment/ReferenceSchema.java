package io.quarkiverse.rekuest.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;

/**
 * The real server's SDL ({@code ../shared/reference/rekuest-server-next-v2.2.0.graphql}, found through the
 * {@code rekuest.shared.dir} system property) as a schema to validate against; the calling test is skipped when the
 * reference is absent.
 */
public final class ReferenceSchema {

    private ReferenceSchema() {
    }

    public static GraphQLSchema loadOrSkip() throws IOException {
        String dir = System.getProperty("rekuest.shared.dir", "../../shared");
        Path sdl = Path.of(dir, "reference", "rekuest-server-next-v2.2.0.graphql");
        Assumptions.assumeTrue(Files.isReadable(sdl), "reference SDL not present: " + sdl);
        String text = Files.readString(sdl);
        // the reference uses Apollo Federation directives without declaring them
        if (!text.contains("directive @key")) {
            text += "\ndirective @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE\n";
        }
        if (!text.contains("directive @link")) {
            text += "\ndirective @link(url: String!, import: [String]) repeatable on SCHEMA\n";
        }
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(text));
    }
}
