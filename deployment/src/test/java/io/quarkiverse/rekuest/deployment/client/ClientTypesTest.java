package io.quarkiverse.rekuest.deployment.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.deployment.client.PortsApi.Circle;
import io.quarkiverse.rekuest.deployment.client.PortsApi.Color;
import io.quarkiverse.rekuest.deployment.client.PortsApi.Drawing;
import io.quarkiverse.rekuest.deployment.client.PortsApi.Point;
import io.quarkiverse.rekuest.deployment.client.PortsApi.Sample;
import io.quarkiverse.rekuest.deployment.client.PortsApi.Shape;
import io.quarkiverse.rekuest.deployment.client.PortsApi.Square;
import io.quarkiverse.rekuest.deployment.client.PortsApi.Stats;
import io.quarkiverse.rekuest.deployment.test.golden.Nullable;
import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.client.RekuestCaller;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every port kind round trip: a {@code @RekuestClient} proxy calls this application's own {@link PortsNodes} through
 * the embedded server; the arguments are encoded by the caller, decoded by the node, and the results come back
 * decoded into the declared Java types.
 */
public class ClientTypesTest {

    static final String URL = TestServer.url("types");
    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(PortsApi.class, PortsNodes.class, TestServer.class,
                    Nullable.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:types")
            .overrideConfigKey("quarkus.rekuest.agent.name", "client-types")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    @RekuestClient
    PortsApi ports;

    @Inject
    RekuestCaller caller;

    @Test
    void scalars() {
        assertFalse(ports instanceof PortsNodes, "the qualified injection is the proxy");
        int before = PortsNodes.TEXT_CALLS.get();
        assertEquals("hi!", ports.text("hi"));
        assertEquals(before + 1, PortsNodes.TEXT_CALLS.get());
        assertEquals("grüße 🎉!", ports.text("grüße 🎉"));
        assertEquals(9_000_000_001L, ports.whole(9_000_000_000L));
        assertEquals(1.25, ports.fraction(2.5));
        assertEquals(false, ports.not(true));
        assertEquals(new BigInteger("123456789012345678901234567891"),
                ports.bigInt(new BigInteger("123456789012345678901234567890")));
        assertEquals(0, new BigDecimal("3.14159").compareTo(ports.bigDecimal(new BigDecimal("3.14159"))));
    }

    @Test
    void optionalAndNullable() {
        assertEquals(Optional.of("ADA"), ports.maybe(Optional.of("ada")));
        assertEquals(Optional.empty(), ports.maybe(Optional.empty()));
        assertEquals("x?", ports.orNull("x"));
        assertNull(ports.orNull(null));
        assertEquals(OptionalInt.of(70), ports.optionalInt(OptionalInt.of(7)));
        assertEquals(OptionalInt.empty(), ports.optionalInt(OptionalInt.empty()));
    }

    @Test
    void dates() {
        Instant instant = Instant.parse("2024-02-29T12:34:56.789Z");
        assertEquals(instant.plusSeconds(60), ports.instant(instant));
        OffsetDateTime offset = OffsetDateTime.of(2024, 3, 1, 8, 0, 0, 0, ZoneOffset.ofHours(2));
        assertTrue(offset.isEqual(ports.offset(offset)), () -> String.valueOf(ports.offset(offset)));
        assertEquals(LocalDateTime.of(2024, 3, 2, 23, 59, 1), ports.local(LocalDateTime.of(2024, 3, 1, 23, 59, 1)));
        assertEquals(LocalDate.of(2024, 3, 1), ports.date(LocalDate.of(2024, 2, 29)));
    }

    @Test
    void enums() {
        assertEquals(Color.GREEN, ports.next(Color.RED));
        assertEquals(Color.RED, ports.next(Color.BLUE));
    }

    @Test
    void listsAndDicts() {
        assertEquals(List.of(2, 4, 6), ports.doubled(List.of(1, 2, 3)));
        assertEquals(List.of(), ports.doubled(List.of()));
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("a", 1.5);
        values.put("b", -2.0);
        assertEquals(Map.of("a", 3.0, "b", -4.0), ports.scaled(values, 2));
        assertEquals(Map.of(), ports.scaled(Map.of(), 2));
    }

    @Test
    void models() {
        assertEquals(new Point(3, 2), ports.move(new Point(1, 2), 2));
        Drawing drawing = new Drawing("sketch", List.of(new Point(1, 1), new Point(2, 3)), Map.of("lines", 2), Color.GREEN,
                Optional.of("draft"));
        assertEquals(new Drawing("SKETCH", List.of(new Point(2, 3), new Point(1, 1)), Map.of("lines", 2), Color.BLUE,
                Optional.of("draft.")), ports.drawing(drawing));
        Drawing bare = new Drawing("", List.of(), Map.of(), Color.BLUE, Optional.empty());
        assertEquals(new Drawing("", List.of(), Map.of(), Color.RED, Optional.empty()), ports.drawing(bare));
    }

    @Test
    void unions() {
        assertEquals(new Circle(3), ports.grow(new Circle(1.5)));
        assertEquals(new Square(4, "box"), ports.grow(new Square(2, "box")));
        List<Shape> shapes = ports.shapes(List.of(new Circle(1), new Square(1, "s"), new Circle(0.5)));
        assertEquals(List.of(new Circle(2), new Square(2, "s"), new Circle(1)), shapes);
    }

    @Test
    void returnsTuple() {
        assertEquals(new Stats(2, 3, 3), ports.stats(List.of(1.0, 2.0, 3.0)));
        assertEquals(new Stats(0, 0, 0), ports.stats(List.of()));
    }

    @Test
    void generators() {
        assertEquals(List.of(3, 2, 1), ports.countdown(3).collect().asList().await().atMost(WAIT));
        assertEquals(List.of(), ports.countdown(0).collect().asList().await().atMost(WAIT));
        assertEquals(List.of(new Point(0, 0), new Point(1, 1), new Point(2, 4)),
                ports.walk(3).collect().asList().await().atMost(WAIT));
    }

    @Test
    void asynchronousDictOfModels() {
        assertEquals(Map.of("a", new Point(0, 0), "b", new Point(1, -1)), ports.named(List.of("a", "b")).await().atMost(WAIT));
        assertEquals(0, caller.openCalls());
    }

    /**
     * Structures are expanded asynchronously on the caller's side; results still come in the order of the YIELDs, and
     * the call completes only after the last one was emitted.
     */
    @Test
    void asynchronousStructuresKeepTheirOrder() {
        assertEquals(new Sample("slow-x"), ports.relabel(new Sample("x"), "slow-"));
        List<Sample> samples = ports.samples(6).collect().asList().await().atMost(WAIT);
        assertEquals(List.of(new Sample("slow-0"), new Sample("slow-1"), new Sample("slow-2"), new Sample("fast-3"),
                new Sample("fast-4"), new Sample("fast-5")), samples);
        assertEquals(0, caller.openCalls());
    }
}
