package io.quarkiverse.rekuest.deployment.javadoc;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.Choice;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Descriptions come from the Javadoc in the application's sources, read at build time: the method's main
 * description, {@code @param}, {@code @return} (or {@code {@return}}), a record's {@code @param} for its components
 * and an enum constant's comment for its choice. {@code @Node(description)} and {@code @Port(description)} win.
 * The sources are found through the application model (here the test sources of this module), so no annotation
 * processor is involved and the result is the same on every JDK; {@code JavadocJdkTest} runs this on other JDKs.
 */
public class JavadocDescriptionTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(Documented.class, Sample.class, Mode.class));

    @Inject
    NodeRegistry registry;

    ActionDefinition definition(String key) {
        return registry.byInterface(key).orElseThrow().metadata().definition();
    }

    @Test
    void methodJavadocDescribesTheNodeItsParametersAndItsReturn() {
        ActionDefinition scale = definition("scale");
        assertEquals("Scales a Sample by a factor, see Sample.value().\n\nNegative factors flip it & keep its unit.",
                scale.description());
        assertEquals(List.of("sample", "factor"), scale.args().stream().map(PortDefinition::key).toList());
        assertEquals("the sample to scale", scale.args().get(0).description());
        assertEquals("how much, a multiplier spread over two lines", scale.args().get(1).description());
        assertEquals("the scaled sample", scale.returns().get(0).description());
    }

    @Test
    void recordComponentsAreDescribedByTheRecordsParamTags() {
        PortDefinition sample = definition("scale").args().get(0);
        assertEquals(List.of("value", "unit", "label"), sample.children().stream().map(PortDefinition::key).toList());
        assertEquals("the measured value, in unit", sample.children().get(0).description());
        assertEquals("the unit it is measured in", sample.children().get(1).description());
        assertEquals("What the UI shows", sample.children().get(2).description(), "@Port(description) wins");
        // the same record as the return port
        assertEquals("the unit it is measured in",
                definition("scale").returns().get(0).children().get(1).description());
    }

    @Test
    void enumConstantsAreDescribedByTheirJavadoc() {
        PortDefinition unit = definition("scale").args().get(0).children().get(1);
        assertEquals(List.of(new Choice("LINEAR", "LINEAR", "Linear, as measured."),
                new Choice("LOG", "LOG", "Logarithmic: log10 of the value."),
                new Choice("RAW", "RAW", null)), unit.choices());
        // the element of a list
        assertEquals(unit.choices(), definition("modes").returns().get(0).children().get(0).choices());
    }

    @Test
    void explicitAnnotationsWin() {
        ActionDefinition explicit = definition("explicit");
        assertEquals("Explicit wins", explicit.description());
        assertEquals("Explicit port wins", explicit.args().get(0).description());
        assertEquals("the level, kept", explicit.args().get(1).description());
        assertEquals("<ignored> the mode", explicit.returns().get(0).description());
    }

    @Test
    void inlineReturnTagDescribesTheReturn() {
        ActionDefinition modes = definition("modes");
        assertEquals("Returns the modes, in order. They are all there.", modes.description());
        assertEquals("the modes, in order", modes.returns().get(0).description());
    }

    @Test
    void overloadsAreMatchedByParameterNames() {
        ActionDefinition text = definition("echo_text");
        assertEquals("Same name, other parameters: matched by parameter names. @param text some text",
                text.description(), "a block tag must start a line, so this one is text");
        assertNull(text.args().get(0).description());
        ActionDefinition number = definition("echo_number");
        assertEquals("Echoes a number.", number.description());
        assertEquals("a number", number.args().get(0).description());
        assertNull(number.returns().get(0).description());
    }

    @Test
    void noJavadocNoDescription() {
        ActionDefinition undocumented = definition("undocumented");
        assertNull(undocumented.description());
        assertNull(undocumented.args().get(0).description());
    }
}
