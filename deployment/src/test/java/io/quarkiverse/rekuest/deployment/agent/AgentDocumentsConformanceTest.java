package io.quarkiverse.rekuest.deployment.agent;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import graphql.execution.CoercedVariables;
import graphql.schema.GraphQLSchema;
import io.quarkiverse.rekuest.Effect;
import io.quarkiverse.rekuest.deployment.ReferenceSchema;
import io.quarkiverse.rekuest.runtime.ExecutionModel;
import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.ReturnKind;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.ActionKind;
import io.quarkiverse.rekuest.runtime.definition.Choice;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;
import io.quarkiverse.rekuest.runtime.graphql.AgentDeclaration;
import io.quarkiverse.rekuest.runtime.graphql.AgentDocuments;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every GraphQL document the agent sends, and the variables it sends with them, validate against the reference SDL of
 * rekuest-server-next v2.2.0 ({@code ../shared/reference}); skipped when the reference is absent.
 */
public class AgentDocumentsConformanceTest {

    static GraphQLSchema schema;

    @BeforeAll
    static void loadReference() throws Exception {
        schema = ReferenceSchema.loadOrSkip();
    }

    @Test
    void documentsValidate() {
        ReferenceSchema.assertValid(schema, AgentDocuments.ALL);
    }

    @Test
    void variablesCoerce() throws Exception {
        PortDefinition element = new PortDefinition("...", PortKind.INT, false, null, null, null, null, List.of(), List.of());
        List<PortDefinition> args = List.of(
                new PortDefinition("a", PortKind.INT, false, "1", null, "A", "the a", List.of(), List.of()),
                new PortDefinition("colors", PortKind.ENUM, true, null, "@x/Color", null, null,
                        List.of(new Choice("RED", "RED", "red")), List.of()),
                new PortDefinition("numbers", PortKind.LIST, false, null, null, null, null, List.of(), List.of(element)),
                new PortDefinition("point", PortKind.MODEL, false, null, "@x/Point", null, null, List.of(),
                        List.of(new PortDefinition("x", PortKind.FLOAT, false, null, null, null, null, List.of(), List.of()))));
        List<PortDefinition> returns = List.of(
                new PortDefinition("return0", PortKind.STRING, false, null, null, null, null, List.of(), List.of()));
        ActionDefinition definition = new ActionDefinition("add", "1", "Add", "Adds", ActionKind.FUNCTION,
                List.of("math"), false, true, args, returns);
        NodeMetadata node = new NodeMetadata("Calc#add(int)", "add", Effect.PHYSICAL, definition,
                ExecutionModel.WORKER_THREAD, ReturnKind.VALUE, 4, -1);
        AgentDeclaration declaration = new AgentDeclaration("agent", List.of(node));

        coerce(AgentDocuments.ENSURE_AGENT, declaration.ensureAgentInput());
        coerce(AgentDocuments.IMPLEMENT_AGENT, declaration.implementAgentInput());
        assertEquals(declaration.hash(), new AgentDeclaration("agent", List.of(node)).hash(), "the hash is deterministic");
    }

    private static void coerce(String document, String inputJson) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> input = GraphQLCaller.MAPPER.readValue(inputJson, Map.class);
        CoercedVariables coerced = ReferenceSchema.coerce(schema, document, Map.of("input", input));
        assertTrue(coerced.containsKey("input"), document);
    }
}
