package io.quarkiverse.rekuest.runtime.client;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.ActionKind;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a task that completed without a YIELD owes its call ({@link OwedResult}): the one decision behind proxies, the
 * dynamic API and nested calls. In the runtime's package, to reach the package-private class.
 */
public class OwedResultTest {

    @Test
    void functionWithARequiredReturnOwesAValue() {
        OwedResult owed = OwedResult.of(definition(ActionKind.FUNCTION, port("return0", false)), null);
        assertTrue(owed.checked(), "its stored events are read");
        assertTrue(owed.valueMissing());
        assertEquals(List.of("return0"), owed.required());
    }

    @Test
    void functionWhoseReturnsAreAllNullableOwesAnEmptyResult() {
        OwedResult owed = OwedResult.of(definition(ActionKind.FUNCTION, port("return0", true), port("return1", true)),
                null);
        assertTrue(owed.checked(), "its stored events are read: a YIELD may still be there");
        assertFalse(owed.valueMissing());
        assertEquals(List.of("return0", "return1"), owed.returns());
    }

    @Test
    void oneRequiredPortOfATupleIsEnough() {
        OwedResult owed = OwedResult.of(definition(ActionKind.FUNCTION, port("return0", true), port("return1", false)),
                null);
        assertTrue(owed.valueMissing());
        assertEquals(List.of("return1"), owed.required());
    }

    @Test
    void voidFunctionsAndGeneratorsOweNothing() {
        assertEquals(OwedResult.NOTHING, OwedResult.of(definition(ActionKind.FUNCTION), null));
        assertEquals(OwedResult.NOTHING, OwedResult.of(definition(ActionKind.GENERATOR, port("return0", false)), null));
    }

    @Test
    void theCallersDefinitionDecidesOverTheServersDescription() {
        // a proxy method returning Optional: nullable for the caller, whatever the server says
        Resolver.Resolved required = resolved(false, List.of("return0"), List.of("return0"));
        assertFalse(OwedResult.of(definition(ActionKind.FUNCTION, port("return0", true)), required).valueMissing());
    }

    @Test
    void withoutADefinitionTheServersDescriptionDecides() {
        assertTrue(OwedResult.of(null, resolved(false, List.of("return0"), List.of("return0"))).valueMissing());
        OwedResult nullable = OwedResult.of(null, resolved(false, List.of("return0"), List.of()));
        assertTrue(nullable.checked());
        assertFalse(nullable.valueMissing());
        assertEquals(OwedResult.NOTHING, OwedResult.of(null, resolved(true, List.of("return0"), List.of("return0"))));
        assertEquals(OwedResult.NOTHING, OwedResult.of(null, resolved(false, List.of(), List.of())));
        assertEquals(OwedResult.NOTHING, OwedResult.of(null, null), "not resolved: nothing to go by");
    }

    private static ActionDefinition definition(ActionKind kind, PortDefinition... returns) {
        return new ActionDefinition("square", "1", "square", null, kind, List.of(), false, false,
                List.of(port("n", false)), List.of(returns));
    }

    private static PortDefinition port(String key, boolean nullable) {
        return new PortDefinition(key, PortKind.INT, nullable, null, null, null, null, null, null);
    }

    private static Resolver.Resolved resolved(boolean generator, List<String> returns, List<String> required) {
        return new Resolver.Resolved("1", null, "square", false, List.of("n"), returns, generator, required);
    }
}
