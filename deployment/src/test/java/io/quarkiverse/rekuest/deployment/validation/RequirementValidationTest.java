package io.quarkiverse.rekuest.deployment.validation;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a {@code @Node} needs (locks, concurrency, states it changes) is checked at build time. */
public class RequirementValidationTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(BadRequirementNodes.class, BadRequirementNodes.Plain.class))
            .assertException(RequirementValidationTest::problems);

    static void problems(Throwable failure) {
        assertEquals(String.join("\n", List.of(
                "@Node method BadRequirementNodes#limits() has a blank lock. Fix: name each lock, e.g. locks = \"stage\".",
                "@Node method BadRequirementNodes#limits() has maxConcurrency -1. Fix: give at least 1, or 0 for no limit.",
                "@Node method BadRequirementNodes#writesPlain() manipulates io.quarkiverse.rekuest.deployment.validation.BadRequirementNodes$Plain, which is not a @State record. Fix: annotate it with @State, or list only @State records.")),
                String.join("\n", BuildProblems.messages(failure)));
    }

    @Test
    void buildFails() {
        // the assertions are in problems
    }
}
