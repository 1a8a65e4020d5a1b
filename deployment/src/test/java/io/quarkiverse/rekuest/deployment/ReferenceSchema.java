package io.quarkiverse.rekuest.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;

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

    /** Fails, naming the document and its errors, when one of {@code documents} does not validate against the schema. */
    public static void assertValid(GraphQLSchema schema, List<String> documents) {
        for (String document : documents) {
            List<ValidationError> errors = new Validator().validateDocument(schema, Parser.parse(document), Locale.ROOT);
            Assertions.assertTrue(errors.isEmpty(), () -> document + " -> " + errors);
        }
    }

    /**
     * {@code variables} coerced to the variable types of the (first) operation of {@code document}; throws a coercion
     * error naming the field when they do not fit.
     */
    public static CoercedVariables coerce(GraphQLSchema schema, String document, Map<String, Object> variables) {
        OperationDefinition operation = Parser.parse(document).getDefinitionsOfType(OperationDefinition.class).get(0);
        return ValuesResolver.coerceVariableValues(schema, operation.getVariableDefinitions(),
                RawVariables.of(variables), GraphQLContext.getDefault(), Locale.ROOT);
    }
}
