package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Filters, orderings and pagination answer as v2.2.0's strawberry-django fields do (see {@link FilterSpec}): custom
 * filter methods narrow wherever they stand, lookups combine under AND / OR / NOT, pagination defaults to 100.
 */
class FilterSemanticsTest {

    private Fixture fx;

    @BeforeEach
    void start() {
        fx = new Fixture();
        fx.implement(Fixture.AGENT, List.of(named("add", "Add numbers"), named("count", "Count up"),
                named("join_words", "Join Words")));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> named(String key, String name) {
        Map<String, Object> implementation = Fixture.add();
        Map<String, Object> definition = (Map<String, Object>) implementation.get("definition");
        definition.put("key", key);
        definition.put("name", name);
        implementation.put("interface", key);
        return implementation;
    }

    private List<String> actions(String filters) {
        return names(fx.graphql(Fixture.CALLER).data("{ actions(" + filters + ") { name } }", Map.of()).get("actions"));
    }

    private List<String> implementations(String filters) {
        return names(fx.graphql(Fixture.CALLER).data("{ implementations(" + filters + ") { name: interface } }", Map.of())
                .get("implementations"));
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.get("name").asText()));
        return names;
    }

    @Test
    void searchIsACaseInsensitiveMatchOnTheNameOnly() {
        assertEquals(List.of("Join Words"), actions("filters: {search: \"JOIN\"}"));
        assertEquals(List.of(), actions("filters: {search: \"join_words\"}"), "the key does not count");
        assertEquals(List.of("Add numbers"), actions("filters: {search: \"numb\"}"));
    }

    @Test
    void nameLookupsCombineUnderAndOrNot() {
        assertEquals(List.of("Count up"), actions("filters: {name: {iContains: \"COUNT\"}}"));
        assertEquals(List.of("Add numbers"), actions("filters: {name: {exact: \"Add numbers\"}}"));
        assertEquals(List.of("Add numbers", "Count up"),
                actions("filters: {name: {exact: \"Add numbers\"}, OR: {name: {exact: \"Count up\"}}}"));
        assertEquals(List.of("Count up", "Join Words"), actions("filters: {NOT: {name: {iStartsWith: \"add\"}}}"));
        assertEquals(List.of("Join Words"),
                actions("filters: {AND: {name: {endsWith: \"s\"}}, NOT: {name: {contains: \"numbers\"}}}"));
        assertEquals(List.of("Add numbers", "Join Words"),
                actions("filters: {name: {inList: [\"Join Words\", \"Add numbers\"]}}"));
        assertEquals(List.of("Count up"), actions("filters: {name: {iRegex: \"^c.*P$\"}}"));
    }

    @Test
    void customFilterMethodsNarrowEvenUnderOrAndNot() {
        // v2.2.0 applies search to the query set directly: under OR it still narrows, under NOT it is not negated
        assertEquals(List.of(), actions("filters: {name: {exact: \"Add numbers\"}, OR: {search: \"count\"}}"));
        assertEquals(List.of("Count up"), actions("filters: {NOT: {search: \"count\"}}"));
    }

    @Test
    void implementationInterfaceLookupAndSearch() {
        assertEquals(List.of("join_words"), implementations("filters: {interface: {iStartsWith: \"JO\"}}"));
        assertEquals(List.of("add", "count"), implementations("filters: {NOT: {interface: {contains: \"_\"}}}"));
        // search covers the action's name, the agent's name and the interface
        assertEquals(List.of("join_words"), implementations("filters: {search: \"words\"}"));
        assertEquals(List.of("add"), implementations("filters: {action: {name: \"Add numbers\"}}"));
    }

    @Test
    void orderingsAndPagination() {
        // ties (definedAt within the same microsecond) keep the store's order, so only ASC is certain here
        assertEquals(List.of("Add numbers", "Count up", "Join Words"), actions("ordering: [{definedAt: ASC}]"));
        assertEquals(List.of("Add numbers", "Count up", "Join Words"), actions("ordering: [{usedAt: DESC}]"),
                "never used: all null");
        assertEquals(List.of("Count up"), actions("ordering: [{definedAt: ASC}], pagination: {offset: 1, limit: 1}"));
        assertEquals(List.of("Count up", "Join Words"), actions("pagination: {offset: 1}"), "limit defaults to 100");
        assertEquals(List.of("Add numbers", "Count up", "Join Words"), actions("pagination: {limit: -1}"), "no limit");
        assertEquals("Negative indexing is not supported.", fx.graphql(Fixture.CALLER)
                .error("{ actions(pagination: {offset: -1}) { id } }", Map.of()));
        assertEquals(List.of("join_words", "count", "add"), implementations("ordering: [{createdAt: DESC}]"));
    }

    @Test
    void orderingsAreOneOf() {
        String message = fx.graphql(Fixture.CALLER).error("{ actions(ordering: [{definedAt: ASC, usedAt: DESC}]) { id } }",
                Map.of());
        assertEquals(true, message.toLowerCase(java.util.Locale.ROOT).contains("oneof")
                || message.toLowerCase(java.util.Locale.ROOT).contains("one of"), message);
    }
}
