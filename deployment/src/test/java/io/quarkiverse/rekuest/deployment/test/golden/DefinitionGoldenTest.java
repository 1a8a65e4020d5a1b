package io.quarkiverse.rekuest.deployment.test.golden;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins what the build derives from a representative set of signatures: the {@code DefinitionInput} JSON exactly as
 * the runtime renders it, and each node's execution model, return kind and task parameter. The golden file is
 * {@code src/test/resources/golden/definitions.json}; run with {@code -Drekuest.golden.update=true} to rewrite it
 * after an intended change, and review the diff.
 */
public class DefinitionGoldenTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden/definitions.json");

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(Signatures.class, Color.class, Point.class, Shape.class,
                    Nullable.class, ScopedNodes.class));

    @Inject
    NodeRegistry registry;

    @Test
    void definitionsMatchTheGoldenFile() throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode actual = mapper.createArrayNode();
        for (RegisteredNode node : registry.nodes()) {
            NodeMetadata metadata = node.metadata();
            String rendered = metadata.definition().toJson();
            assertEquals(rendered, metadata.definition().toJson(), "rendering is deterministic");
            ObjectNode entry = actual.addObject();
            entry.put("interface", metadata.interfaceName());
            entry.put("signature", metadata.signature());
            entry.put("executionModel", metadata.executionModel().name());
            entry.put("returnKind", metadata.returnKind().name());
            entry.put("parameterCount", metadata.parameterCount());
            entry.put("taskParameter", metadata.taskParameter());
            entry.put("effect", metadata.effect().name());
            entry.set("definition", mapper.readTree(rendered));
        }
        String actualText = mapper.writeValueAsString(actual) + "\n";
        if (Boolean.getBoolean("rekuest.golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actualText, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(GOLDEN), "missing " + GOLDEN + "; run once with -Drekuest.golden.update=true");
        // compares text, so the order of fields and ports is pinned too
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), actualText);
    }

    @Test
    void invokersCallTheBeanMethods() throws Exception {
        RegisteredNode add = registry.byInterface("add").orElseThrow();
        assertEquals(5, add.invoker().invoke(null, new Object[] { 2, 3 }));
        RegisteredNode greet = registry.byInterface("greet").orElseThrow();
        assertEquals("Hi Ada", greet.invoker().invoke(null, new Object[] { "Ada", java.util.Optional.of("Hi"), null }));
        // a bean with a scope of its own is reached through its client proxy, its injection points filled
        RegisteredNode addTwice = registry.byInterface("add_twice").orElseThrow();
        assertEquals(10, addTwice.invoker().invoke(null, new Object[] { 2, 3 }));
    }
}
