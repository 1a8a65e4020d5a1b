package io.quarkiverse.rekuest.deployment.validation;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.deployment.client.invalid.BadClients;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The build-time checks of {@code @RekuestClient}: not an interface, an unsupported type, and the hint for an interface
 * with {@code @Node} methods injected without the qualifier. Every problem is reported in one failed build. The
 * injection points are in {@link BadClients}, which stays in its own package: the expected messages name it.
 */
public class ClientValidationTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(BadClients.class, BadClients.Concrete.class,
                    BadClients.Unsupported.class, BadClients.Contract.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", "http://localhost:1")
            .assertException(ClientValidationTest::everyProblemIsReportedWithItsFix);

    /** Runs on the build failure: QuarkusUnitTest invokes no test method once the build failed as expected. */
    static void everyProblemIsReportedWithItsFix(Throwable failure) {
        assertEquals(String.join("\n", List.of(
                "@RekuestClient injection point BadClients#concrete has the type BadClients.Concrete, which is not an interface. Fix: declare the remote actions as the methods of an interface and inject that.",
                "@RekuestClient injection point BadClients#generic has the type java.util.List<java.lang.String>, which is not an interface. Fix: inject the interface itself (not Instance<...>, a generic or an array type).",
                "@RekuestClient method BadClients.Unsupported#read(InputStream) has the unsupported type InputStream at BadClients.Unsupported#read(in: InputStream): A port is a primitive or its box, String, BigInteger, BigDecimal, an enum, a record, a sealed interface of records, a @Structure or @MemoryStructure type, Instant, OffsetDateTime, ZonedDateTime, LocalDateTime or LocalDate, or a List, Set, Collection, array, Map<String, T> or Optional of those. Fix: make InputStream a record or an enum, annotate it with @Structure or @MemoryStructure, or use a supported type.",
                "Nothing provides BadClients.Contract for the injection point io.quarkiverse.rekuest.deployment.client.invalid.BadClients#contract. Its methods are @Node contracts: to call the remote actions, inject it with @RekuestClient (@Inject @RekuestClient BadClients.Contract ...); to serve them, implement the interface in a bean.")),
                String.join("\n", BuildProblems.messages(failure)),
                "reported before ArC's own \"Unsatisfied dependency\" for the same injection points");
    }

    @Test
    void buildFails() {
        // the assertions are in everyProblemIsReportedWithItsFix
    }
}
