package io.quarkiverse.rekuest.runtime.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

import static io.quarkiverse.rekuest.runtime.codec.CodecFixtures.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shrink, through the wire (JSON text), then expand gives values equal to the originals. */
class CodecRoundTripTest {

    private static final List<PortDefinition> PORTS = List.of(
            port("flag", PortKind.BOOL, false),
            port("b", PortKind.INT, false),
            port("s", PortKind.INT, false),
            port("i", PortKind.INT, false),
            port("l", PortKind.INT, false),
            port("big", PortKind.INT, false),
            port("f", PortKind.FLOAT, false),
            port("d", PortKind.FLOAT, false),
            port("dec", PortKind.FLOAT, false),
            port("c", PortKind.STRING, false),
            port("name", PortKind.STRING, false),
            modePort("mode"),
            port("note", PortKind.STRING, true),
            port("absent", PortKind.STRING, true),
            port("oi", PortKind.INT, true),
            port("ol", PortKind.INT, true),
            port("od", PortKind.FLOAT, true),
            port("at", PortKind.DATE, false),
            port("odt", PortKind.DATE, false),
            port("zdt", PortKind.DATE, false),
            port("ldt", PortKind.DATE, false),
            port("day", PortKind.DATE, false),
            port("samples", PortKind.LIST, false, element(PortKind.FLOAT)),
            port("tags", PortKind.LIST, false, element(PortKind.STRING)),
            port("ints", PortKind.LIST, false, element(PortKind.INT)),
            port("matrix", PortKind.LIST, false, element(PortKind.LIST, element(PortKind.INT))),
            port("points", PortKind.LIST, false, pointPort(PortDefinition.ELEMENT_KEY)),
            port("pointArray", PortKind.LIST, false, pointPort(PortDefinition.ELEMENT_KEY)),
            port("counts", PortKind.DICT, false, element(PortKind.INT)),
            port("nested", PortKind.DICT, false, element(PortKind.LIST, pointPort(PortDefinition.ELEMENT_KEY))),
            port("origin", PortKind.MODEL, false, pointPort("origin").children().toArray(PortDefinition[]::new)),
            figurePort("figure"),
            port("figures", PortKind.LIST, false, figurePort(PortDefinition.ELEMENT_KEY)));

    private static final List<JavaType> TYPES = List.of(
            type(Shape.BOOLEAN_PRIMITIVE),
            type(Shape.BYTE_PRIMITIVE),
            type(Shape.SHORT),
            type(Shape.INT_PRIMITIVE),
            type(Shape.LONG),
            type(Shape.BIG_INTEGER),
            type(Shape.FLOAT_PRIMITIVE),
            type(Shape.DOUBLE),
            type(Shape.BIG_DECIMAL),
            type(Shape.CHAR_PRIMITIVE),
            type(Shape.STRING),
            adapted(Shape.ENUM, "mode"),
            type(Shape.OPTIONAL, type(Shape.STRING)),
            type(Shape.OPTIONAL, type(Shape.STRING)),
            type(Shape.OPTIONAL_INT),
            type(Shape.OPTIONAL_LONG),
            type(Shape.OPTIONAL_DOUBLE),
            type(Shape.INSTANT),
            type(Shape.OFFSET_DATE_TIME),
            type(Shape.ZONED_DATE_TIME),
            type(Shape.LOCAL_DATE_TIME),
            type(Shape.LOCAL_DATE),
            type(Shape.ARRAY, type(Shape.DOUBLE_PRIMITIVE)),
            type(Shape.SET, type(Shape.STRING)),
            type(Shape.COLLECTION, type(Shape.INTEGER)),
            type(Shape.ARRAY, type(Shape.ARRAY, type(Shape.INT_PRIMITIVE))),
            type(Shape.LIST, pointType()),
            adapted(Shape.ARRAY, "point", pointType()),
            type(Shape.MAP, type(Shape.INTEGER)),
            type(Shape.MAP, type(Shape.LIST, pointType())),
            adapted(Shape.RECORD, "point", type(Shape.DOUBLE_PRIMITIVE), type(Shape.DOUBLE_PRIMITIVE)),
            figureType(),
            type(Shape.LIST, figureType()));

    private static Object[] values() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("a", 1);
        counts.put("b", -2);
        Map<String, List<Point>> nested = new LinkedHashMap<>();
        nested.put("row", List.of(new Point(1, 2), new Point(3, 4)));
        nested.put("empty", List.of());
        return new Object[] {
                true,
                (byte) -3,
                (short) 1234,
                Integer.MIN_VALUE,
                Long.MAX_VALUE,
                new BigInteger("123456789012345678901234567890"),
                0.1f,
                -1.0e-300,
                new BigDecimal("3.25"),
                'λ',
                "cells \"quoted\" \n ünïcode",
                Mode.EXACT,
                Optional.of("hi"),
                Optional.empty(),
                OptionalInt.of(7),
                OptionalLong.of(-8L),
                OptionalDouble.of(2.5),
                Instant.parse("2024-05-06T07:08:09.123456789Z"),
                OffsetDateTime.of(2024, 5, 6, 9, 8, 9, 0, ZoneOffset.ofHoursMinutes(5, 30)),
                ZonedDateTime.of(2024, 5, 6, 9, 8, 9, 0, ZoneOffset.ofHours(-3)),
                LocalDateTime.of(2024, 5, 6, 7, 8),
                LocalDate.of(1999, 12, 31),
                new double[] { 0.5, -1.25, 1e10 },
                new LinkedHashSet<>(List.of("x", "y", "z")),
                new ArrayList<>(List.of(3, 1, 2)),
                new int[][] { { 1, 2 }, {}, { 3 } },
                List.of(new Point(0, 0), new Point(-1.5, 2.5)),
                new Point[] { new Point(9, 8) },
                counts,
                nested,
                new Point(1e-3, 1e3),
                new Circle(0.75),
                List.of(new Square(1), new Circle(2)) };
    }

    @Test
    void shrinkThenExpandGivesEqualValues() throws Exception {
        NodeCodec codec = codec(PORTS, TYPES);
        Object[] original = values();
        Object[] back = roundTrip(codec, original);
        assertEquals(original.length, back.length);
        for (int i = 0; i < original.length; i++) {
            String key = PORTS.get(i).key();
            Object expected = original[i];
            Object actual = back[i];
            if (expected instanceof double[] d) {
                assertArrayEquals(d, (double[]) actual, key);
            } else if (expected instanceof int[][] m) {
                assertArrayEquals(m, (int[][]) actual, key);
            } else if (expected instanceof Object[] a) {
                assertArrayEquals(a, (Object[]) actual, key);
                assertEquals(a.getClass(), actual.getClass(), key);
            } else {
                assertEquals(expected, actual, key);
                if (expected != null) {
                    assertEquals(expected.getClass().isArray(), actual.getClass().isArray(), key);
                }
            }
        }
        assertInstanceOf(Set.class, back[23]);
        assertInstanceOf(Byte.class, back[1]);
        assertInstanceOf(Float.class, back[6]);
        assertInstanceOf(Character.class, back[9]);
    }

    /** Expand then shrink gives the same wire value (the canonical form the codec writes). */
    @Test
    void expandThenShrinkGivesTheSameWireValue() throws Exception {
        NodeCodec codec = codec(PORTS, TYPES);
        String wire = codec.shrinkArgs(values()).toString();
        // compared as text: the shrunk tree holds FloatNodes and DecimalNodes where the parsed one holds DoubleNodes
        assertEquals(wire, codec.shrinkArgs(codec.arguments(json(wire), null)).toString());
    }

    /**
     * The codec keeps every digit of a BigDecimal (and BigInteger) in the JSON tree. Written as text and read back with
     * a default ObjectMapper (as the agent's frames and these tests do), a float with more digits than a double holds
     * comes back rounded to a double: see the report.
     */
    @Test
    void bigNumbersKeepTheirDigitsInTheTree() throws Exception {
        NodeCodec codec = codec(List.of(port("dec", PortKind.FLOAT, false), port("big", PortKind.INT, false)),
                List.of(type(Shape.BIG_DECIMAL), type(Shape.BIG_INTEGER)));
        BigDecimal pi = new BigDecimal("3.14159265358979323846264338327950288");
        BigInteger big = new BigInteger("-123456789012345678901234567890123456789");
        Object[] back = codec.arguments(codec.shrinkArgs(pi, big), null);
        assertEquals(pi, back[0]);
        assertEquals(big, back[1]);
        assertEquals(big, roundTrip(codec, pi, big)[1]);
        assertEquals(new BigDecimal("3.141592653589793"), roundTrip(codec, pi, big)[0]);
    }

    @Test
    void modelsCarryTheirIdentifier() throws Exception {
        NodeCodec codec = single(pointPort("p"), pointType());
        assertEquals(json("{\"p\": {\"x\": 1.0, \"y\": 2.0, \"__identifier\": \"@test/Point\"}}"),
                codec.shrinkArgs(new Point(1, 2)));
    }

    /** The caller's returns side: a single return port. */
    @Test
    void returnsRoundTrip() throws Exception {
        NodeCodec codec = returning(port("r", PortKind.LIST, false, pointPort(PortDefinition.ELEMENT_KEY)),
                type(Shape.LIST, pointType()));
        List<Point> points = List.of(new Point(1, 2), new Point(3, 4));
        assertEquals(points, codec.expandReturns(json(codec.returns(points).toString())));
    }

    /**
     * A ZonedDateTime in a region zone travels as its offset: the instant and offset survive, the region does not (the
     * wire carries ISO offset date-times).
     */
    @Test
    void zonedDateTimeKeepsTheInstantButNotTheRegion() throws Exception {
        NodeCodec codec = single(port("at", PortKind.DATE, false), type(Shape.ZONED_DATE_TIME));
        ZonedDateTime paris = ZonedDateTime.of(2024, 5, 6, 9, 8, 9, 0, ZoneId.of("Europe/Paris"));
        assertEquals(json("{\"at\": \"2024-05-06T09:08:09+02:00\"}"), codec.shrinkArgs(paris));
        ZonedDateTime back = (ZonedDateTime) roundTrip(codec, paris)[0];
        assertTrue(paris.isEqual(back));
        assertEquals(paris.getOffset(), back.getOffset());
        assertEquals(ZoneOffset.ofHours(2), back.getZone());
    }
}
