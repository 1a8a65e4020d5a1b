package io.quarkiverse.rekuest.deployment.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Returns;
import io.quarkiverse.rekuest.Structure;
import io.quarkiverse.rekuest.deployment.test.golden.Nullable;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** A contract with every port kind, served by {@link PortsNodes} and called through a {@code @RekuestClient} proxy. */
public interface PortsApi {

    enum Color {
        RED,
        GREEN,
        BLUE
    }

    /** A model. */
    record Point(int x, int y) {
    }

    /** A model with nested models, lists, a dict and an enum. */
    record Drawing(String title, List<Point> points, Map<String, Integer> counts, Color color, Optional<String> note) {
    }

    /** A union. */
    sealed interface Shape permits Circle, Square {
    }

    record Circle(double radius) implements Shape {
    }

    record Square(double side, String label) implements Shape {
    }

    /**
     * A structure known by id, shrunk and expanded asynchronously: expanding {@code "slow-..."} ids takes longer, so
     * that a caller that emitted results as they are expanded would get them out of order.
     */
    @Structure("@test/sample")
    record Sample(String id) {

        public Uni<String> shrink() {
            return Uni.createFrom().item(id);
        }

        public static CompletionStage<Sample> expand(String id) {
            long delay = id.startsWith("slow-") ? 150 : 1;
            return CompletableFuture.supplyAsync(() -> new Sample(id),
                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
        }
    }

    /** Several return ports. */
    @Returns
    record Stats(double mean, double max, int count) {
    }

    @Node
    String text(String value);

    @Node
    long whole(long value);

    @Node
    double fraction(double value);

    @Node
    boolean not(boolean value);

    @Node
    BigInteger bigInt(BigInteger value);

    @Node
    BigDecimal bigDecimal(BigDecimal value);

    @Node
    Optional<String> maybe(Optional<String> value);

    @Node
    @Nullable
    String orNull(@Nullable String value);

    @Node
    OptionalInt optionalInt(OptionalInt value);

    @Node
    Instant instant(Instant value);

    @Node
    OffsetDateTime offset(OffsetDateTime value);

    @Node
    LocalDateTime local(LocalDateTime value);

    @Node
    LocalDate date(LocalDate value);

    @Node
    Color next(Color color);

    @Node
    List<Integer> doubled(List<Integer> values);

    @Node
    Map<String, Double> scaled(Map<String, Double> values, double factor);

    @Node
    Point move(Point point, int dx);

    @Node
    Drawing drawing(Drawing drawing);

    @Node
    Shape grow(Shape shape);

    @Node
    List<Shape> shapes(List<Shape> shapes);

    @Node
    Stats stats(List<Double> values);

    @Node
    Multi<Integer> countdown(int from);

    @Node
    Multi<Point> walk(int steps);

    @Node
    Uni<Map<String, Point>> named(List<String> names);

    @Node
    Sample relabel(Sample sample, String prefix);

    @Node
    Multi<Sample> samples(int count);
}
