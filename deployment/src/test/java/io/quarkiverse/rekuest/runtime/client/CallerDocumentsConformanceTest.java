package io.quarkiverse.rekuest.runtime.client;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import graphql.execution.CoercedVariables;
import graphql.schema.GraphQLSchema;
import io.quarkiverse.rekuest.deployment.ReferenceSchema;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.ActionKind;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every GraphQL document the caller side sends ({@code @RekuestClient} proxies and the {@code Rekuest} bean: lookups,
 * assign, controls, task events, the {@code mytasks} subscription) and the variables it sends with them validate against
 * the reference SDL of rekuest-server-next v2.2.0 ({@code ../shared/reference}); skipped when the reference is absent.
 * In the runtime's package, to reach the package-private documents and variable builders.
 */
public class CallerDocumentsConformanceTest {

    static GraphQLSchema schema;

    @BeforeAll
    static void loadReference() throws Exception {
        schema = ReferenceSchema.loadOrSkip();
    }

    @Test
    void documentsValidate() {
        assertEquals(12, RekuestCaller.documents().size());
        ReferenceSchema.assertValid(schema, RekuestCaller.documents());
    }

    @Test
    void lookupVariablesCoerce() throws Exception {
        PortDefinition element = new PortDefinition("...", PortKind.INT, false, null, null, null, null, List.of(), List.of());
        ActionDefinition definition = new ActionDefinition("add", "1", "Add", "Adds", ActionKind.FUNCTION, List.of(), false,
                true, List.of(new PortDefinition("a", PortKind.INT, false, null, null, null, null, List.of(), List.of()),
                        new PortDefinition("colors", PortKind.ENUM, true, null, "@x/Color", null, null, List.of(), List.of()),
                        new PortDefinition("numbers", PortKind.LIST, false, null, null, null, null, List.of(),
                                List.of(element))),
                List.of(new PortDefinition("return0", PortKind.STRING, false, null, null, null, null, List.of(), List.of())));
        Target byKey = new Target("add", "calc", "1", null, null, null);
        Target byHash = new Target("add", null, null, "9f2c", null, null);
        Target at = new Target("add", null, null, null, "42", "adder");
        assertEquals(Resolver.MATCH, Resolver.lookupDocument(byKey));
        assertEquals(Resolver.BY_HASH, Resolver.lookupDocument(byHash));
        assertEquals(Resolver.AT, Resolver.lookupDocument(at));
        for (Target target : List.of(byKey, byHash, at)) {
            coerce(Resolver.lookupDocument(target), Resolver.lookupVariables(target, definition));
            coerce(Resolver.lookupDocument(target), Resolver.lookupVariables(target, null));
        }
        coerce(Resolver.SEARCH, Resolver.searchVariables(byKey));
        coerce(Resolver.SEARCH, Resolver.searchVariables(new Target(null, null, null, "9f2c", null, null)));
    }

    @Test
    void assignControlAndEventVariablesCoerce() throws Exception {
        ObjectNode args = CallerGraphQL.MAPPER.createObjectNode().put("a", 1).put("b", "x");
        args.putArray("numbers").add(1).add(2);
        Resolver.Resolved byAction = new Resolver.Resolved("7", null, "Add", false, List.of("a", "b"), List.of("return0"),
                false, List.of("return0"));
        Resolver.Resolved byImplementation = new Resolver.Resolved("7", "15", "Add", false, List.of("a"), List.of(), false,
                List.of());
        coerce(RekuestCaller.ASSIGN, RekuestCaller.assignVariables(byAction, args, "ref-1", null));
        coerce(RekuestCaller.ASSIGN, RekuestCaller.assignVariables(byImplementation, args, "ref-2", "41"));
        coerce(RekuestCaller.CANCEL, RekuestCaller.controlVariables("42"));
        coerce(RekuestCaller.INTERRUPT, RekuestCaller.controlVariables("42"));
        coerce(RekuestCaller.PAUSE, RekuestCaller.controlVariables("42"));
        coerce(RekuestCaller.RESUME, RekuestCaller.controlVariables("42"));
        coerce(RekuestCaller.TASK_EVENTS, RekuestCaller.taskEventsVariables("42"));
    }

    private static void coerce(String document, ObjectNode variables) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = CallerGraphQL.MAPPER.treeToValue(variables, Map.class);
        CoercedVariables coerced = ReferenceSchema.coerce(schema, document, raw);
        for (String name : raw.keySet()) {
            assertTrue(coerced.containsKey(name), () -> document + " with " + variables);
        }
    }
}
