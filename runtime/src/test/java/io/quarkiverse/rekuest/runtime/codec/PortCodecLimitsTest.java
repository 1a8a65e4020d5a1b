package io.quarkiverse.rekuest.runtime.codec;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

import static io.quarkiverse.rekuest.runtime.codec.CodecFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortCodecLimitsTest {

    // ================================================================== nesting depth

    /** {@code lists} LIST ports nested in each other around an INT, the outermost keyed {@code key}. */
    private static PortDefinition nestedListPort(String key, int lists) {
        PortDefinition port = element(PortKind.INT);
        for (int i = 0; i < lists; i++) {
            port = i == lists - 1 ? port(key, PortKind.LIST, false, port) : element(PortKind.LIST, port);
        }
        return port;
    }

    private static JavaType nestedListType(int lists) {
        JavaType type = type(Shape.INTEGER);
        for (int i = 0; i < lists; i++) {
            type = type(Shape.LIST, type);
        }
        return type;
    }

    private static String nestedListJson(int lists, int leaf) {
        return "[".repeat(lists) + leaf + "]".repeat(lists);
    }

    private static Object nestedListValue(int lists, int leaf) {
        Object value = leaf;
        for (int i = 0; i < lists; i++) {
            List<Object> list = new ArrayList<>();
            list.add(value);
            value = list;
        }
        return value;
    }

    /** The deepest nesting that compiles (64 lists around an INT: the INT is at depth 64) expands and shrinks. */
    @Test
    void nestingJustUnderTheLimitPasses() throws Exception {
        int lists = ValueCodec.MAX_DEPTH;
        NodeCodec codec = single(nestedListPort("deep", lists), nestedListType(lists));
        Object expanded = expandOne(codec, "{\"deep\": " + nestedListJson(lists, 7) + "}");
        assertEquals(nestedListValue(lists, 7), expanded);
        assertEquals(json("{\"deep\": " + nestedListJson(lists, 7) + "}"), codec.shrinkArgs(expanded));
    }

    /** One list more does not compile: the codec refuses the type before any value is read. */
    @Test
    void nestingOverTheLimitIsRefusedAtCompile() {
        int lists = ValueCodec.MAX_DEPTH + 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> single(nestedListPort("deep", lists), nestedListType(lists)));
        // Names the innermost element port ("..."), not the path from the top-level port "deep"; see the report.
        assertEquals("Port ... nests deeper than " + ValueCodec.MAX_DEPTH, e.getMessage());
    }

    /** The runtime guard of a codec entered below the top (as an enclosing codec would) names the path inside. */
    @Test
    void valueNestedDeeperThanTheLimitFailsNamingThePath() throws Exception {
        ValueCodec codec = new PortCodec(ADAPTERS).compile(nestedListPort("deep", 3), nestedListType(3));
        JsonNode value = json(nestedListJson(3, 1));
        // entered at depth 62: the outer list is at 63, the middle one at 64, the inner one would be at 65
        CodecException e = assertThrows(CodecException.class, () -> codec.expand(value, ValueCodec.MAX_DEPTH - 2));
        assertEquals("'[0][0]' nests deeper than 64 levels", e.getMessage());
        assertEquals("'deep[0][0]' nests deeper than 64 levels", e.within("deep").getMessage());
        CodecException shrunk = assertThrows(CodecException.class,
                () -> codec.shrink(nestedListValue(3, 1), ValueCodec.MAX_DEPTH - 2));
        assertEquals("'[0][0]' nests deeper than 64 levels", shrunk.getMessage());
        // one level higher, the same value fits
        assertEquals(nestedListValue(3, 1), codec.expand(value, ValueCodec.MAX_DEPTH - 3));
    }

    /** A JSON value nested deeper than its port's type fails at the first level that does not fit, naming it. */
    @Test
    void valueNestedDeeperThanItsTypeFailsNamingThePath() {
        NodeCodec codec = single(nestedListPort("deep", 3), nestedListType(3));
        CodecException e = assertThrows(CodecException.class, () -> expandOne(codec, "{\"deep\": [[[1, [2]]]]}"));
        assertEquals("'deep[0][0][1]' must be an integer, got an array", e.getMessage());
    }

    // ================================================================== INT

    private static NodeCodec intPort(Shape shape) {
        return single(port("n", PortKind.INT, false), type(shape));
    }

    @Test
    void intRangeOfEachJavaType() throws Exception {
        assertEquals((byte) 127, expandOne(intPort(Shape.BYTE), "{\"n\": 127}"));
        assertEquals((byte) -128, expandOne(intPort(Shape.BYTE_PRIMITIVE), "{\"n\": -128}"));
        assertEquals((short) 32767, expandOne(intPort(Shape.SHORT), "{\"n\": 32767}"));
        assertEquals(Integer.MAX_VALUE, expandOne(intPort(Shape.INT_PRIMITIVE), "{\"n\": 2147483647}"));
        assertEquals(Integer.MIN_VALUE, expandOne(intPort(Shape.INTEGER), "{\"n\": -2147483648}"));
        assertEquals(Long.MAX_VALUE, expandOne(intPort(Shape.LONG), "{\"n\": 9223372036854775807}"));
        assertEquals(Long.MIN_VALUE, expandOne(intPort(Shape.LONG_PRIMITIVE), "{\"n\": -9223372036854775808}"));
        assertEquals(new BigInteger("123456789012345678901234567890"),
                expandOne(intPort(Shape.BIG_INTEGER), "{\"n\": 123456789012345678901234567890}"));
    }

    @Test
    void intOverflowFailsNamingThePort() {
        assertEquals("'n' must be between -128 and 127 (a Java byte), got 128",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.BYTE), "{\"n\": 128}")).getMessage());
        assertEquals("'n' must be between -128 and 127 (a Java byte), got -129",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.BYTE_PRIMITIVE), "{\"n\": -129}"))
                        .getMessage());
        assertEquals("'n' must be between -32768 and 32767 (a Java short), got 32768",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.SHORT), "{\"n\": 32768}")).getMessage());
        assertEquals("'n' must be between -2147483648 and 2147483647 (a Java int), got 2147483648",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.INT_PRIMITIVE), "{\"n\": 2147483648}"))
                        .getMessage());
        assertEquals("'n' must be between -2147483648 and 2147483647 (a Java int), got -2147483649",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.INTEGER), "{\"n\": -2147483649}"))
                        .getMessage());
        assertEquals(
                "'n' must be between -9223372036854775808 and 9223372036854775807 (a Java long), got 9223372036854775808",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.LONG), "{\"n\": 9223372036854775808}"))
                        .getMessage());
        assertEquals(
                "'n' must be between -9223372036854775808 and 9223372036854775807 (a Java long), got -9223372036854775809",
                assertThrows(CodecException.class,
                        () -> expandOne(intPort(Shape.LONG_PRIMITIVE), "{\"n\": -9223372036854775809}")).getMessage());
        // an integral float out of range too
        assertEquals("'n' must be between -2147483648 and 2147483647 (a Java int), got 10000000000",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.INTEGER), "{\"n\": 1e10}")).getMessage());
    }

    @Test
    void intOverflowInsideAContainerNamesTheElement() {
        NodeCodec codec = single(port("ns", PortKind.LIST, false, element(PortKind.INT)),
                type(Shape.LIST, type(Shape.SHORT)));
        assertEquals("'ns[2]' must be between -32768 and 32767 (a Java short), got 40000",
                assertThrows(CodecException.class, () -> expandOne(codec, "{\"ns\": [1, 2, 40000]}")).getMessage());
    }

    @Test
    void intAcceptsNumericStringsAndIntegralFloats() throws Exception {
        assertEquals(42, expandOne(intPort(Shape.INTEGER), "{\"n\": \"42\"}"));
        assertEquals(-7, expandOne(intPort(Shape.INT_PRIMITIVE), "{\"n\": \" -7 \"}"));
        assertEquals(9223372036854775807L, expandOne(intPort(Shape.LONG), "{\"n\": \"9223372036854775807\"}"));
        assertEquals((byte) 5, expandOne(intPort(Shape.BYTE), "{\"n\": \"5\"}"));
        assertEquals(new BigInteger("99999999999999999999999"),
                expandOne(intPort(Shape.BIG_INTEGER), "{\"n\": \"99999999999999999999999\"}"));
        assertEquals(3, expandOne(intPort(Shape.INTEGER), "{\"n\": 3.0}"));
        assertEquals("'n' must be between -128 and 127 (a Java byte), got 300",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.BYTE), "{\"n\": \"300\"}")).getMessage());
    }

    /** JSON numbers too big for a double are read as Infinity by Jackson; the codec must still answer with an error. */
    @Test
    void numbersBeyondADoubleFailWithACodecException() {
        assertTrue(assertThrows(CodecException.class, () -> expandOne(intPort(Shape.INTEGER), "{\"n\": 1e400}"))
                .getMessage().startsWith("'n' "));
        assertThrows(CodecException.class, () -> expandOne(intPort(Shape.LONG), "{\"n\": -1e400}"));
        assertThrows(CodecException.class, () -> expandOne(
                single(port("x", PortKind.FLOAT, false), type(Shape.BIG_DECIMAL)), "{\"x\": 1e400}"));
    }

    @Test
    void intRefusesNonIntegers() {
        assertEquals("'n' must be an integer, got the number 3.5",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.INTEGER), "{\"n\": 3.5}")).getMessage());
        assertEquals("'n' must be an integer, got the string \"4.2\"",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.INTEGER), "{\"n\": \"4.2\"}"))
                        .getMessage());
        assertEquals("'n' must be an integer, got the string \"ten\"",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.LONG), "{\"n\": \"ten\"}")).getMessage());
        assertEquals("'n' must be an integer, got the boolean true",
                assertThrows(CodecException.class, () -> expandOne(intPort(Shape.INTEGER), "{\"n\": true}")).getMessage());
    }

    // ================================================================== FLOAT: NaN and infinities

    private static NodeCodec floatPort(Shape shape) {
        return single(port("x", PortKind.FLOAT, false), type(shape));
    }

    @Test
    void nanAndInfinitiesAreRefusedOnShrink() {
        assertEquals("'x' is NaN, which JSON cannot carry",
                assertThrows(CodecException.class, () -> floatPort(Shape.DOUBLE).shrinkArgs(Double.NaN)).getMessage());
        assertEquals("'x' is Infinity, which JSON cannot carry",
                assertThrows(CodecException.class,
                        () -> floatPort(Shape.DOUBLE_PRIMITIVE).shrinkArgs(Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("'x' is -Infinity, which JSON cannot carry",
                assertThrows(CodecException.class, () -> floatPort(Shape.DOUBLE).shrinkArgs(Double.NEGATIVE_INFINITY))
                        .getMessage());
        assertEquals("'x' is NaN, which JSON cannot carry",
                assertThrows(CodecException.class, () -> floatPort(Shape.FLOAT).shrinkArgs(Float.NaN)).getMessage());
        assertEquals("'x' is Infinity, which JSON cannot carry",
                assertThrows(CodecException.class,
                        () -> floatPort(Shape.FLOAT_PRIMITIVE).shrinkArgs(Float.POSITIVE_INFINITY)).getMessage());
        assertEquals("'x' is -Infinity, which JSON cannot carry",
                assertThrows(CodecException.class, () -> floatPort(Shape.FLOAT).shrinkArgs(Float.NEGATIVE_INFINITY))
                        .getMessage());
    }

    @Test
    void nanIsRefusedOnShrinkInsideContainersAndReturns() {
        NodeCodec list = single(port("xs", PortKind.LIST, false, element(PortKind.FLOAT)),
                type(Shape.LIST, type(Shape.DOUBLE)));
        assertEquals("'xs[1]' is NaN, which JSON cannot carry",
                assertThrows(CodecException.class, () -> list.shrinkArgs(List.of(1.0, Double.NaN))).getMessage());
        NodeCodec point = single(pointPort("p"), pointType());
        assertEquals("'p.y' is Infinity, which JSON cannot carry",
                assertThrows(CodecException.class, () -> point.shrinkArgs(new Point(0, Double.POSITIVE_INFINITY)))
                        .getMessage());
        NodeCodec returns = returning(port("r", PortKind.FLOAT, false), type(Shape.DOUBLE));
        assertEquals("'return0' is NaN, which JSON cannot carry",
                assertThrows(CodecException.class, () -> returns.returns(Double.NaN)).getMessage());
    }

    @Test
    void nanAndInfinitiesAreRefusedOnExpand() {
        assertEquals("'x' must be a number (NaN and infinities are not numbers in JSON), got the string \"NaN\"",
                assertThrows(CodecException.class, () -> expandOne(floatPort(Shape.DOUBLE), "{\"x\": \"NaN\"}"))
                        .getMessage());
        assertEquals("'x' must be a number (NaN and infinities are not numbers in JSON), got the string \"Infinity\"",
                assertThrows(CodecException.class, () -> expandOne(floatPort(Shape.DOUBLE), "{\"x\": \"Infinity\"}"))
                        .getMessage());
        assertEquals("'x' must fit a Java float, got 1e39",
                assertThrows(CodecException.class, () -> expandOne(floatPort(Shape.FLOAT), "{\"x\": \"1e39\"}"))
                        .getMessage());
    }

    @Test
    void floatsAcceptNumbersAndNumericStrings() throws Exception {
        assertEquals(1.5, expandOne(floatPort(Shape.DOUBLE), "{\"x\": 1.5}"));
        assertEquals(2.0, expandOne(floatPort(Shape.DOUBLE_PRIMITIVE), "{\"x\": 2}"));
        assertEquals(0.25f, expandOne(floatPort(Shape.FLOAT), "{\"x\": \"0.25\"}"));
    }

    // ================================================================== missing, null, default, nullable

    @Test
    void missingOrNullWithoutDefaultOnANonNullablePortIsAnError() {
        NodeCodec codec = single(port("x", PortKind.INT, false), type(Shape.INTEGER));
        assertEquals("'x' is required: it has no default and is not nullable",
                assertThrows(CodecException.class, () -> expandOne(codec, "{}")).getMessage());
        assertEquals("'x' is required: it has no default and is not nullable",
                assertThrows(CodecException.class, () -> codec.arguments(null, null)).getMessage());
        assertEquals("'x' is null, but the port is not nullable and has no default",
                assertThrows(CodecException.class, () -> expandOne(codec, "{\"x\": null}")).getMessage());
    }

    @Test
    void missingOrNullTakesTheDefault() throws Exception {
        NodeCodec codec = single(withDefault("x", PortKind.INT, false, "5"), type(Shape.INT_PRIMITIVE));
        assertEquals(5, expandOne(codec, "{}"));
        assertEquals(5, expandOne(codec, "{\"x\": null}"));
        assertEquals(6, expandOne(codec, "{\"x\": 6}"));
        // a default wins over nullable
        NodeCodec nullable = single(withDefault("s", PortKind.STRING, true, "\"hi\""), type(Shape.STRING));
        assertEquals("hi", expandOne(nullable, "{}"));
        assertEquals("hi", expandOne(nullable, "{\"s\": null}"));
        // a list default
        NodeCodec list = single(withDefault("xs", PortKind.LIST, false, "[1,2]", element(PortKind.INT)),
                type(Shape.LIST, type(Shape.INTEGER)));
        assertEquals(List.of(1, 2), expandOne(list, "{}"));
    }

    @Test
    void missingOrNullIsNullWhenNullable() throws Exception {
        NodeCodec codec = single(port("s", PortKind.STRING, true), type(Shape.STRING));
        assertNull(expandOne(codec, "{}"));
        assertNull(expandOne(codec, "{\"s\": null}"));
        assertEquals("a", expandOne(codec, "{\"s\": \"a\"}"));
        NodeCodec optional = single(port("s", PortKind.STRING, true), type(Shape.OPTIONAL, type(Shape.STRING)));
        assertEquals(Optional.empty(), expandOne(optional, "{}"));
        assertEquals(Optional.of("a"), expandOne(optional, "{\"s\": \"a\"}"));
        NodeCodec optionalInt = single(port("n", PortKind.INT, true), type(Shape.OPTIONAL_INT));
        assertEquals(OptionalInt.empty(), expandOne(optionalInt, "{\"n\": null}"));
        assertEquals(OptionalInt.of(3), expandOne(optionalInt, "{\"n\": 3}"));
    }

    @Test
    void aPrimitiveCannotBeNullEvenOnANullablePort() {
        NodeCodec codec = single(port("n", PortKind.INT, true), type(Shape.INT_PRIMITIVE));
        assertEquals("'n' is required: it has no default and is not nullable",
                assertThrows(CodecException.class, () -> expandOne(codec, "{}")).getMessage());
    }

    @Test
    void nullOnShrink() throws Exception {
        NodeCodec required = single(port("x", PortKind.INT, false), type(Shape.INTEGER));
        assertEquals("'x' is null, but the port is not nullable",
                assertThrows(CodecException.class, () -> required.shrinkArgs((Object) null)).getMessage());
        NodeCodec defaulted = single(withDefault("x", PortKind.INT, false, "5"), type(Shape.INTEGER));
        assertEquals(json("{\"x\": null}"), defaulted.shrinkArgs((Object) null));
        NodeCodec optional = single(port("s", PortKind.STRING, true), type(Shape.OPTIONAL, type(Shape.STRING)));
        assertEquals(json("{\"s\": null}"), optional.shrinkArgs(Optional.empty()));
        NodeCodec list = single(port("xs", PortKind.LIST, false, element(PortKind.INT)),
                type(Shape.LIST, type(Shape.INTEGER)));
        List<Integer> withNull = new ArrayList<>();
        withNull.add(1);
        withNull.add(null);
        assertEquals("'xs[1]' is null, but the port is not nullable",
                assertThrows(CodecException.class, () -> list.shrinkArgs(withNull)).getMessage());
    }

    // ================================================================== DATE

    private static Object date(Shape shape, String text) throws CodecException {
        return expandOne(single(port("at", PortKind.DATE, false), type(shape)), "{\"at\": \"" + text + "\"}");
    }

    @Test
    void dateAcceptsZOffsetsAndBareDates() throws Exception {
        Instant instant = Instant.parse("2024-05-06T07:08:09Z");
        assertEquals(instant, date(Shape.INSTANT, "2024-05-06T07:08:09Z"));
        assertEquals(instant, date(Shape.INSTANT, "2024-05-06T09:08:09+02:00"));
        assertEquals(instant, date(Shape.INSTANT, "2024-05-06T02:08:09-05:00"));
        assertEquals(instant, date(Shape.INSTANT, "2024-05-06 07:08:09Z"));
        assertEquals(instant, date(Shape.INSTANT, "2024-05-06T07:08:09"), "no offset is UTC");
        assertEquals(Instant.parse("2024-05-06T00:00:00Z"), date(Shape.INSTANT, "2024-05-06"));
        assertEquals(Instant.parse("2024-05-06T07:08:09.123Z"), date(Shape.INSTANT, "2024-05-06T07:08:09.123Z"));

        assertEquals(OffsetDateTime.of(2024, 5, 6, 9, 8, 9, 0, ZoneOffset.ofHours(2)),
                date(Shape.OFFSET_DATE_TIME, "2024-05-06T09:08:09+02:00"));
        assertEquals(OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 0, ZoneOffset.UTC),
                date(Shape.OFFSET_DATE_TIME, "2024-05-06T07:08:09Z"));
        assertEquals(OffsetDateTime.of(2024, 5, 6, 0, 0, 0, 0, ZoneOffset.UTC), date(Shape.OFFSET_DATE_TIME, "2024-05-06"));

        assertEquals(ZonedDateTime.of(2024, 5, 6, 9, 8, 9, 0, ZoneOffset.ofHours(2)),
                date(Shape.ZONED_DATE_TIME, "2024-05-06T09:08:09+02:00"));
        assertEquals(ZonedDateTime.parse("2024-05-06T09:08:09+02:00[Europe/Paris]"),
                date(Shape.ZONED_DATE_TIME, "2024-05-06T09:08:09+02:00[Europe/Paris]"));

        assertEquals(LocalDateTime.of(2024, 5, 6, 9, 8, 9), date(Shape.LOCAL_DATE_TIME, "2024-05-06T09:08:09+02:00"));
        assertEquals(LocalDateTime.of(2024, 5, 6, 7, 8, 9), date(Shape.LOCAL_DATE_TIME, "2024-05-06T07:08:09Z"));
        assertEquals(LocalDateTime.of(2024, 5, 6, 7, 8, 9), date(Shape.LOCAL_DATE_TIME, "2024-05-06T07:08:09"));
        assertEquals(LocalDateTime.of(2024, 5, 6, 0, 0), date(Shape.LOCAL_DATE_TIME, "2024-05-06"));

        assertEquals(LocalDate.of(2024, 5, 6), date(Shape.LOCAL_DATE, "2024-05-06"));
        assertEquals(LocalDate.of(2024, 5, 6), date(Shape.LOCAL_DATE, "2024-05-06T23:30:00-05:00"));
        assertEquals(LocalDate.of(2024, 5, 6), date(Shape.LOCAL_DATE, "2024-05-06T23:30:00Z"));
    }

    @Test
    void dateRefusesWhatIsNotISO() {
        assertEquals("'at' must be an ISO-8601 date string, got the string \"2024-13-01\"",
                assertThrows(CodecException.class, () -> date(Shape.INSTANT, "2024-13-01")).getMessage());
        assertEquals("'at' must be an ISO-8601 date string, got the string \"yesterday\"",
                assertThrows(CodecException.class, () -> date(Shape.LOCAL_DATE, "yesterday")).getMessage());
        assertEquals("'at' must be an ISO-8601 date string, got the number 1714979289",
                assertThrows(CodecException.class,
                        () -> expandOne(single(port("at", PortKind.DATE, false), type(Shape.INSTANT)),
                                "{\"at\": 1714979289}"))
                        .getMessage());
    }

    // ================================================================== UNION

    private static NodeCodec figure() {
        return single(figurePort("shape"), figureType());
    }

    @Test
    void unionPicksTheVariantByUse() throws Exception {
        assertEquals(new Circle(1.5), expandOne(figure(), "{\"shape\": {\"__use\": 0, \"__value\": {\"r\": 1.5}}}"));
        assertEquals(new Square(2), expandOne(figure(), "{\"shape\": {\"__use\": 1, \"__value\": {\"side\": 2}}}"));
        JsonNode shrunk = figure().shrinkArgs(new Square(2));
        assertEquals(1, shrunk.get("shape").get("__use").intValue());
        assertEquals(2.0, shrunk.get("shape").get("__value").get("side").doubleValue());
    }

    @Test
    void unionOutOfRangeUseFailsNamingPortUse() {
        assertEquals("'shape.__use' is 2, but the union has 2 variants",
                assertThrows(CodecException.class,
                        () -> expandOne(figure(), "{\"shape\": {\"__use\": 2, \"__value\": {\"r\": 1}}}")).getMessage());
        assertEquals("'shape.__use' is -1, but the union has 2 variants",
                assertThrows(CodecException.class,
                        () -> expandOne(figure(), "{\"shape\": {\"__use\": -1, \"__value\": {\"r\": 1}}}")).getMessage());
        assertEquals("'shape.__use' must be the index of a variant, got nothing",
                assertThrows(CodecException.class, () -> expandOne(figure(), "{\"shape\": {\"__value\": {\"r\": 1}}}"))
                        .getMessage());
        assertEquals("'shape.__use' must be the index of a variant, got \"0\"",
                assertThrows(CodecException.class,
                        () -> expandOne(figure(), "{\"shape\": {\"__use\": \"0\", \"__value\": {\"r\": 1}}}")).getMessage());
        assertEquals("'shape.__use' must be the index of a variant, got 0.5",
                assertThrows(CodecException.class,
                        () -> expandOne(figure(), "{\"shape\": {\"__use\": 0.5, \"__value\": {\"r\": 1}}}")).getMessage());
        assertEquals("'shape.__use' must be the index of a variant, got 4294967296",
                assertThrows(CodecException.class,
                        () -> expandOne(figure(), "{\"shape\": {\"__use\": 4294967296, \"__value\": {}}}")).getMessage());
    }

    @Test
    void unionErrorsInsideTheValueNameTheValuePath() {
        assertEquals("'shape.__value.r' must be a number, got the boolean true",
                assertThrows(CodecException.class,
                        () -> expandOne(figure(), "{\"shape\": {\"__use\": 0, \"__value\": {\"r\": true}}}")).getMessage());
        assertEquals("'shape.__value.side' is required: it has no default and is not nullable",
                assertThrows(CodecException.class,
                        () -> expandOne(figure(), "{\"shape\": {\"__use\": 1, \"__value\": {}}}")).getMessage());
        NodeCodec list = single(port("shapes", PortKind.LIST, false, figurePort(PortDefinition.ELEMENT_KEY)),
                type(Shape.LIST, figureType()));
        assertEquals("'shapes[1].__use' is 5, but the union has 2 variants",
                assertThrows(CodecException.class, () -> expandOne(list,
                        "{\"shapes\": [{\"__use\": 0, \"__value\": {\"r\": 1}}, {\"__use\": 5, \"__value\": {}}]}"))
                        .getMessage());
    }

    @Test
    void shrinkOfAValueOfNoVariantFails() {
        CodecException e = assertThrows(CodecException.class, () -> figure().shrinkArgs(new Point(1, 2)));
        assertTrue(e.getMessage().startsWith("'shape' is a "), e.getMessage());
        assertTrue(e.getMessage().endsWith("Point, which is none of the union's variants"), e.getMessage());
    }
}
