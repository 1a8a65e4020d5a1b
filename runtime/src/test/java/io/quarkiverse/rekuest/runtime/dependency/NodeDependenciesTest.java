package io.quarkiverse.rekuest.runtime.dependency;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.runtime.client.Target;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.ActionKind;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The {@code AgentDependencyInput}s a node's implementation declares (protocol.adoc §5.4). */
class NodeDependenciesTest {

    private static PortDefinition port(String key) {
        return new PortDefinition(key, PortKind.INT, false, null, null, null, null, List.of(), List.of());
    }

    private static final ActionDefinition MEASURE = new ActionDefinition("measure", "1", "Measure", null,
            ActionKind.FUNCTION, List.of(), false, false, List.of(port("channel")), List.of(port("return0")));

    private final NodeDependencies dependencies = new NodeDependencies(Map.of("relay", List.of(
            new AgentDependency("Spectrometer", "com.example.Spectrometer", "spectrometer", false, List.of(
                    new ActionSlot("measure", "Spectrometer#measure(int)",
                            new Target("measure", "spectrometer", "", "", "", ""), MEASURE),
                    new ActionSlot("calibrate", "Spectrometer#calibrate()",
                            new Target("calibrate", "", "", "abc123", "", ""), MEASURE))))));

    @Test
    void aDependencyIsDeclaredWithOneSlotPerMethodAndItsDemand() throws Exception {
        JsonNode declared = new ObjectMapper().readTree(dependencies.implementationInput("relay"));
        assertEquals(1, declared.size());
        JsonNode dependency = declared.get(0);
        assertEquals("Spectrometer", dependency.get("key").asText());
        assertEquals("spectrometer", dependency.get("app").asText());
        assertEquals(false, dependency.get("optional").asBoolean());
        assertEquals(true, dependency.get("autoResolvable").asBoolean());
        JsonNode measure = dependency.get("actionDependencies").get(0);
        assertEquals("measure", measure.get("key").asText());
        assertEquals("Spectrometer#measure(int)", measure.get("description").asText());
        JsonNode demand = measure.get("demand");
        assertEquals("measure", demand.get("key").asText());
        assertEquals("spectrometer", demand.get("app").asText());
        assertEquals(1, demand.get("forceArgLength").asInt());
        assertEquals("channel", demand.get("argMatches").get(0).get("key").asText());
        assertEquals("INT", demand.get("returnMatches").get(0).get("kind").asText());
        // a method bound to a hash demands the hash only (matching short-circuits on it)
        JsonNode byHash = dependency.get("actionDependencies").get(1).get("demand");
        assertEquals("abc123", byHash.get("hash").asText());
        assertNull(byHash.get("key"));
    }

    @Test
    void aNodeWithoutDependenciesDeclaresNone() {
        assertEquals("[]", dependencies.implementationInput("add"));
    }

    @Test
    void aCallOutsideATaskIsNoDependencyCall() {
        assertNull(dependencies.slotFor(null, "com.example.Spectrometer", "measure"));
    }
}
