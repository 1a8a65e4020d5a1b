package io.quarkiverse.rekuest.deployment;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.ActionKind;
import io.quarkiverse.rekuest.runtime.definition.Choice;
import io.quarkiverse.rekuest.runtime.definition.JsonWriter;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The runtime's JSON rendering of definitions, without booting an application. */
class DefinitionRenderingTest {

    @Test
    void rendersTheImplementAgentExampleOfTheProtocolReference() {
        ActionDefinition add = new ActionDefinition("add", "1", "Add", "Adds two integers", ActionKind.FUNCTION,
                List.of(), false, false,
                List.of(port("a", PortKind.INT, null), port("b", PortKind.INT, "1")),
                List.of(port("return0", PortKind.INT, null)));
        // rekuest-protocol.md 1.3, with pure and idempotent added
        assertEquals("{\"key\":\"add\",\"version\":\"1\",\"name\":\"Add\",\"description\":\"Adds two integers\","
                + "\"kind\":\"FUNCTION\",\"collections\":[],\"portGroups\":[],\"isTestFor\":[],\"stateful\":false,"
                + "\"pure\":false,\"idempotent\":false,\"isDev\":false,"
                + "\"args\":[{\"key\":\"a\",\"kind\":\"INT\",\"nullable\":false},"
                + "{\"key\":\"b\",\"kind\":\"INT\",\"nullable\":false,\"default\":1}],"
                + "\"returns\":[{\"key\":\"return0\",\"kind\":\"INT\",\"nullable\":false}]}", add.toJson());
    }

    @Test
    void rendersEveryPortFieldInAFixedOrder() {
        PortDefinition element = port(PortDefinition.ELEMENT_KEY, PortKind.ENUM, null);
        PortDefinition list = new PortDefinition("colors", PortKind.LIST, true, "[\"RED\"]", "@pkg/Colors", "Colors",
                "which ones", List.of(new Choice("RED", "Red", "warm"), new Choice("BLUE", "Blue", null)),
                List.of(element));
        assertEquals("{\"key\":\"colors\",\"kind\":\"LIST\",\"nullable\":true,\"default\":[\"RED\"],"
                + "\"identifier\":\"@pkg/Colors\",\"label\":\"Colors\",\"description\":\"which ones\","
                + "\"choices\":[{\"value\":\"RED\",\"label\":\"Red\",\"description\":\"warm\"},"
                + "{\"value\":\"BLUE\",\"label\":\"Blue\"}],"
                + "\"children\":[{\"key\":\"...\",\"kind\":\"ENUM\",\"nullable\":false}]}", list.toJson());
    }

    @Test
    void escapesStrings() {
        JsonWriter json = new JsonWriter().beginArray().value("quote \" backslash \\ newline \n tab \t bell \u0007 "
                + "separator \u2028 é").value((String) null).endArray();
        assertEquals("[\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 separator \\u2028 é\",null]",
                json.toString());
    }

    private static PortDefinition port(String key, PortKind kind, String defaultValue) {
        return new PortDefinition(key, kind, false, defaultValue, null, null, null, List.of(), List.of());
    }
}
