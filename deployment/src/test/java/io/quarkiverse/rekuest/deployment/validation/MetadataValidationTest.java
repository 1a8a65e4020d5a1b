package io.quarkiverse.rekuest.deployment.validation;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Port metadata, structures and unions are checked at build time: each problem names the port and the fix. */
public class MetadataValidationTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(BadMetadataNodes.class, BadMetadataNodes.Thing.class,
                    BadMetadataNodes.Mixed.class, BadMetadataNodes.Ok.class, BadMetadataNodes.NotARecord.class))
            .assertException(MetadataValidationTest::problems);

    static void problems(Throwable failure) {
        assertEquals(String.join("\n", List.of(
                "@Node method BadMetadataNodes#dependencies(int, int) has a port a that depends on \"nope\", which is not a port of the node. Fix: name one of [a, b].",
                "@Node method BadMetadataNodes#groups(int) has the port group \"g\" naming \"missing\", which is not a port of the node. Fix: name one of [a].",
                "@Node method BadMetadataNodes#structure(BadMetadataNodes.Thing) has the unsupported type BadMetadataNodes.Thing at BadMetadataNodes#structure(thing: BadMetadataNodes.Thing): the structure @x/thing has no way to shrink and expand. Fix: declare public String shrink() (or Uni<String>, CompletionStage<String>) and public static BadMetadataNodes.Thing expand(String id) (or Uni<BadMetadataNodes.Thing>, CompletionStage<BadMetadataNodes.Thing>) in BadMetadataNodes.Thing, or implement StructureHandler<BadMetadataNodes.Thing> in a bean.",
                "@Node method BadMetadataNodes#union(BadMetadataNodes.Mixed) has the unsupported type BadMetadataNodes.Mixed at BadMetadataNodes#union(mixed: BadMetadataNodes.Mixed): a sealed interface is a UNION port when every permitted type is a record, but BadMetadataNodes.NotARecord is not. Fix: make BadMetadataNodes.NotARecord a record.",
                "@Node method BadMetadataNodes#widgets(int, int) has a port a that has @Slider(min = 5.0, max = 1.0), whose min is not below its max. Fix: give min < max.",
                "@Node method BadMetadataNodes#widgets(int, int) has a port b that has @Paragraph on an INT port. Fix: use it on a STRING port, or remove it.")),
                String.join("\n", BuildProblems.messages(failure)));
    }

    @Test
    void buildFails() {
        // the assertions are in problems
    }
}
