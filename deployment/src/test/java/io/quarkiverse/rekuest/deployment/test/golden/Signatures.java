package io.quarkiverse.rekuest.deployment.test.golden;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.quarkiverse.rekuest.Effect;
import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Port;
import io.quarkiverse.rekuest.Task;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** A representative set of node signatures; the golden file pins what each becomes. */
public class Signatures {

    @Node(description = "Adds two integers")
    public int add(int a, @Port(defaultValue = "1") int b) {
        return a + b;
    }

    @Node
    public void ping() {
    }

    @Node
    public String greet(@Port(label = "Name", description = "who to greet") String name, Optional<String> greeting,
            Task task) {
        return greeting.orElse("Hello") + " " + name;
    }

    @Node
    public Uni<Double> scale(double value, @Port(defaultValue = "2.5") float factor) {
        return Uni.createFrom().item(value * factor);
    }

    @Node
    public Uni<Void> forget(String id) {
        return Uni.createFrom().voidItem();
    }

    @Node
    public CompletionStage<Long> countWords(List<String> words) {
        return CompletableFuture.completedFuture((long) words.size());
    }

    @Node
    public Multi<Integer> countTo(Task task, int n) {
        return Multi.createFrom().range(0, n);
    }

    @Node
    @Blocking
    public Multi<String> readLines(String path) {
        return Multi.createFrom().empty();
    }

    @Node
    @NonBlocking
    public boolean isEven(long n) {
        return n % 2 == 0;
    }

    @Node
    @RunOnVirtualThread
    public int sleepFor(@Port(defaultValue = "100") int millis) {
        return millis;
    }

    @Node
    public Color mix(Color a, @Port(defaultValue = "\"BLUE\"") Color b) {
        return a;
    }

    @Node
    public Map<String, List<Point>> group(Set<Point> points, Point[] extra, int[][] grid,
            @Port(defaultValue = "{\"a\": [1, 2]}") Map<String, Collection<Integer>> weights) {
        return Map.of();
    }

    @Node
    public Optional<Shape> describe(Shape shape, @Port(defaultValue = "null") Optional<Shape> fallback) {
        return Optional.of(shape);
    }

    @Node
    public LocalDate nextDay(LocalDate day, OffsetDateTime at, ZonedDateTime zoned, LocalDateTime local) {
        return day.plusDays(1);
    }

    @Node
    public BigDecimal sum(Integer a, Long b, BigInteger c, short d, byte e, char f, Character g, boolean h, Boolean i,
            OptionalInt j, OptionalLong k, OptionalDouble l, Float m, Double n, Short o, Byte p) {
        return BigDecimal.ZERO;
    }

    @Node(key = "custom", name = "Custom Name", description = "Every attribute set", version = "2", collections = {
            "b", "a" }, pure = true)
    public String customised(String in) {
        return in;
    }

    @Node(idempotent = true, effect = Effect.PHYSICAL)
    public void moveStage(double x, double y) {
    }

    @Node
    public String parseURL(String url) {
        return url;
    }

    @Node
    public String echo(@Nullable String text, List<@Nullable String> lines) {
        return text;
    }
}
