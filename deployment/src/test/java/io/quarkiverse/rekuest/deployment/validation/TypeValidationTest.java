package io.quarkiverse.rekuest.deployment.validation;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.deployment.test.golden.Color;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every rule about port types and defaults, in one app: each problem names the type path and the fix. */
public class TypeValidationTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(TypeNodes.class, TypeNodes.Baz.class, TypeNodes.Tree.class,
                    TypeNodes.Pair.class, TypeNodes.Holder.class, Color.class))
            .assertException(TypeValidationTest::everyProblemNamesTheTypePath);

    /** Runs on the build failure: QuarkusUnitTest invokes no test method once the build failed as expected. */
    static void everyProblemNamesTheTypePath(Throwable failure) {
        assertEquals(String.join("\n", List.of(
                "@Node method TypeNodes#defaults(String, int, Color, int, List<Integer>) has an invalid default abc for port notJson: it is not JSON. Fix: write JSON, with quotes around a string: @Port(defaultValue = \"\\\"abc\\\"\").",
                "@Node method TypeNodes#defaults(String, int, Color, int, List<Integer>) has an invalid default \"x\" for port wrongType: \"x\" is not an integer. Fix: write a JSON value that fits the port in @Port(defaultValue).",
                "@Node method TypeNodes#defaults(String, int, Color, int, List<Integer>) has an invalid default \"PURPLE\" for port notAConstant: \"PURPLE\" is not one of [\"RED\", \"GREEN\", \"BLUE\"]. Fix: write a JSON value that fits the port in @Port(defaultValue).",
                "@Node method TypeNodes#defaults(String, int, Color, int, List<Integer>) has an invalid default null for port notNullable: null is not allowed where the port is not nullable. Fix: write a JSON value that fits the port in @Port(defaultValue).",
                "@Node method TypeNodes#defaults(String, int, Color, int, List<Integer>) has an invalid default [1, \"a\"] for port wrongItem[1]: \"a\" is not an integer. Fix: write a JSON value that fits the port in @Port(defaultValue).",
                "@Node method TypeNodes#generic(T) has the unsupported type T at TypeNodes#generic(t: T): a type variable has no definite port. Fix: use a concrete type.",
                "@Node method TypeNodes#genericRecord(TypeNodes.Pair<String, String>) has the unsupported type TypeNodes.Pair<String, String> at TypeNodes#genericRecord(pair: TypeNodes.Pair<String, String>): generic records are not supported. Fix: declare a record with concrete component types.",
                "@Node method TypeNodes#intKeys(Map<Integer, String>) has the unsupported type Map<Integer, String> at TypeNodes#intKeys(m: Map<Integer, String>): a DICT port has String keys. Fix: use Map<String, String>.",
                "@Node method TypeNodes#listOfBaz(List<TypeNodes.Baz>) has the unsupported type TypeNodes.Baz at TypeNodes#listOfBaz(x: List<TypeNodes.Baz>): A port is a primitive or its box, String, BigInteger, BigDecimal, an enum, a record, a sealed interface of records, a @Structure or @MemoryStructure type, Instant, OffsetDateTime, ZonedDateTime, LocalDateTime or LocalDate, or a List, Set, Collection, array, Map<String, T> or Optional of those. Fix: make TypeNodes.Baz a record or an enum, annotate it with @Structure or @MemoryStructure, or use a supported type.",
                "@Node method TypeNodes#nested(TypeNodes.Holder) has the unsupported type TypeNodes.Baz at TypeNodes#nested(holder: TypeNodes.Holder) → TypeNodes.Holder.bazes: Map<String, TypeNodes.Baz>: A port is a primitive or its box, String, BigInteger, BigDecimal, an enum, a record, a sealed interface of records, a @Structure or @MemoryStructure type, Instant, OffsetDateTime, ZonedDateTime, LocalDateTime or LocalDate, or a List, Set, Collection, array, Map<String, T> or Optional of those. Fix: make TypeNodes.Baz a record or an enum, annotate it with @Structure or @MemoryStructure, or use a supported type.",
                "@Node method TypeNodes#raw(List) has the unsupported type List at TypeNodes#raw(l: List): a raw type has no element type. Fix: give its type arguments, e.g. List<String>.",
                "@Node method TypeNodes#rawUni() returns the raw type Uni. Fix: give its type argument, e.g. Uni<String>.",
                "@Node method TypeNodes#recursive(TypeNodes.Tree) has the unsupported type TypeNodes.Tree at TypeNodes#recursive(tree: TypeNodes.Tree) → TypeNodes.Tree.children: List<TypeNodes.Tree>: a record that contains itself has no finite port. Fix: break the cycle, e.g. with a list of ids.",
                "@Node method TypeNodes#returnsBaz() has the unsupported type TypeNodes.Baz at TypeNodes#returnsBaz returns TypeNodes.Baz: A port is a primitive or its box, String, BigInteger, BigDecimal, an enum, a record, a sealed interface of records, a @Structure or @MemoryStructure type, Instant, OffsetDateTime, ZonedDateTime, LocalDateTime or LocalDate, or a List, Set, Collection, array, Map<String, T> or Optional of those. Fix: make TypeNodes.Baz a record or an enum, annotate it with @Structure or @MemoryStructure, or use a supported type.",
                "@Node method TypeNodes#uniParameter(Uni<String>) has the unsupported type Uni<String> at TypeNodes#uniParameter(u: Uni<String>): Uni is only allowed as the return type of the node method. Fix: use the value type itself.",
                "@Node method TypeNodes#wildcard(List<? extends Number>) has the unsupported type ? extends Number at TypeNodes#wildcard(w: List<? extends Number>): a wildcard has no definite port. Fix: write Number instead.")),
                String.join("\n", BuildProblems.messages(failure)));
    }

    @Test
    void buildFails() {
        // the assertions are in everyProblemNamesTheTypePath
    }
}
