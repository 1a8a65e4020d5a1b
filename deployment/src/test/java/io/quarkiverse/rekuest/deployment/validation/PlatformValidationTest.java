package io.quarkiverse.rekuest.deployment.validation;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @State} records and the locks, limits and states of {@code @Node} are checked at build time. */
public class PlatformValidationTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(BadPlatformNodes.class, BadPlatformNodes.Holder.class,
                    BadPlatformNodes.First.class, BadPlatformNodes.Second.class))
            .assertException(PlatformValidationTest::problems);

    static void problems(Throwable failure) {
        String messages = String.join("\n", BuildProblems.messages(failure));
        for (String expected : List.of(
                "BadPlatformNodes$Holder is not a record. Fix: declare the state as a record",
                "have the same interface \"twice\". Fix: give one of them another with @State(\"...\").")) {
            assertTrue(messages.contains(expected), () -> "missing \"" + expected + "\" in:\n" + messages);
        }
    }

    @Test
    void buildFails() {
        // the assertions are in problems
    }
}
