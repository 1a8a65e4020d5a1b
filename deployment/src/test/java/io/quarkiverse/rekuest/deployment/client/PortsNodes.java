package io.quarkiverse.rekuest.deployment.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkiverse.rekuest.deployment.test.golden.Nullable;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Serves {@link PortsApi}: every node echoes or transforms what it gets, so a value goes out and comes back. */
public class PortsNodes implements PortsApi {

    /** Calls of {@link #text}: the node ran (as a task of the agent), not the proxy. */
    static final java.util.concurrent.atomic.AtomicInteger TEXT_CALLS = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String text(String value) {
        TEXT_CALLS.incrementAndGet();
        return value + "!";
    }

    @Override
    public long whole(long value) {
        return value + 1;
    }

    @Override
    public double fraction(double value) {
        return value / 2;
    }

    @Override
    public boolean not(boolean value) {
        return !value;
    }

    @Override
    public BigInteger bigInt(BigInteger value) {
        return value.add(BigInteger.ONE);
    }

    @Override
    public BigDecimal bigDecimal(BigDecimal value) {
        return value;
    }

    @Override
    public Optional<String> maybe(Optional<String> value) {
        return value.map(String::toUpperCase);
    }

    @Override
    public @Nullable String orNull(@Nullable String value) {
        return value == null ? null : value + "?";
    }

    @Override
    public OptionalInt optionalInt(OptionalInt value) {
        return value.isPresent() ? OptionalInt.of(value.getAsInt() * 10) : OptionalInt.empty();
    }

    @Override
    public Instant instant(Instant value) {
        return value.plusSeconds(60);
    }

    @Override
    public OffsetDateTime offset(OffsetDateTime value) {
        return value;
    }

    @Override
    public LocalDateTime local(LocalDateTime value) {
        return value.plusDays(1);
    }

    @Override
    public LocalDate date(LocalDate value) {
        return value.plusDays(1);
    }

    @Override
    public Color next(Color color) {
        return Color.values()[(color.ordinal() + 1) % Color.values().length];
    }

    @Override
    public List<Integer> doubled(List<Integer> values) {
        return values.stream().map(v -> v * 2).toList();
    }

    @Override
    public Map<String, Double> scaled(Map<String, Double> values, double factor) {
        Map<String, Double> scaled = new LinkedHashMap<>();
        values.forEach((key, value) -> scaled.put(key, value * factor));
        return scaled;
    }

    @Override
    public Point move(Point point, int dx) {
        return new Point(point.x() + dx, point.y());
    }

    @Override
    public Drawing drawing(Drawing drawing) {
        return new Drawing(drawing.title().toUpperCase(), reversed(drawing.points()), drawing.counts(),
                next(drawing.color()), drawing.note().map(note -> note + "."));
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new java.util.ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Override
    public Shape grow(Shape shape) {
        if (shape instanceof Circle circle) {
            return new Circle(circle.radius() * 2);
        }
        Square square = (Square) shape;
        return new Square(square.side() * 2, square.label());
    }

    @Override
    public List<Shape> shapes(List<Shape> shapes) {
        return shapes.stream().map(this::grow).toList();
    }

    @Override
    public Stats stats(List<Double> values) {
        return new Stats(values.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0), values.size());
    }

    @Override
    public Multi<Integer> countdown(int from) {
        return Multi.createFrom().range(0, from).map(i -> from - i);
    }

    @Override
    public Multi<Point> walk(int steps) {
        return Multi.createFrom().range(0, steps).map(i -> new Point(i, i * i));
    }

    @Override
    public Uni<Map<String, Point>> named(List<String> names) {
        Map<String, Point> points = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            points.put(names.get(i), new Point(i, -i));
        }
        return Uni.createFrom().item(points);
    }

    @Override
    public Sample relabel(Sample sample, String prefix) {
        return new Sample(prefix + sample.id());
    }

    /** The first half of the items expand slowly on the caller's side, the rest fast. */
    @Override
    public Multi<Sample> samples(int count) {
        return Multi.createFrom().range(0, count).map(i -> new Sample((i < count / 2 ? "slow-" : "fast-") + i));
    }
}
