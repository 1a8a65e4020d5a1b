package io.quarkiverse.rekuest.deployment.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.rekuest.Choices;
import io.quarkiverse.rekuest.IsTestFor;
import io.quarkiverse.rekuest.MemoryStructure;
import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Paragraph;
import io.quarkiverse.rekuest.Port;
import io.quarkiverse.rekuest.PortEffect;
import io.quarkiverse.rekuest.PortGroup;
import io.quarkiverse.rekuest.Returns;
import io.quarkiverse.rekuest.Search;
import io.quarkiverse.rekuest.Slider;
import io.quarkiverse.rekuest.Structure;
import io.quarkiverse.rekuest.StructureHandler;
import io.quarkiverse.rekuest.Validator;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** One node per port kind and metadata annotation; each echoes what it gets, so a value goes out and comes back. */
public class KindNodes {

    /** A shape: a circle or a square. */
    public sealed interface Shape permits Circle, Square {
    }

    /** A circle. */
    public record Circle(double radius) implements Shape {
    }

    /** A square. */
    public record Square(double side, String label) implements Shape {
    }

    /** Mean and spread. */
    @Returns
    public record Stats(double mean, @Port(label = "Standard deviation") double stddev, int count) {
    }

    /** An image known by id, with its own shrink and expand (one asynchronous, one plain). */
    @Structure("@mikro/image")
    public record Image(String id) {

        static final Map<String, Image> STORE = new ConcurrentHashMap<>();

        public Uni<String> shrink() {
            STORE.put(id, this);
            return Uni.createFrom().item(id);
        }

        public static CompletionStage<Image> expand(String id) {
            return CompletableFuture.supplyAsync(() -> STORE.getOrDefault(id, new Image(id)));
        }
    }

    /** A data set served by a handler bean. */
    public static final class Dataset {
        final String name;

        public Dataset(String name) {
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Dataset d && d.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    /** Shrinks and expands data sets. */
    @ApplicationScoped
    @Structure("@lab/dataset")
    public static class DatasetHandler implements StructureHandler<Dataset> {
        @Override
        public Uni<String> shrink(Dataset value) {
            return Uni.createFrom().item("ds:" + value.name);
        }

        @Override
        public Uni<Dataset> expand(String id) {
            return Uni.createFrom().item(new Dataset(id.substring(3)));
        }
    }

    /** A live device handle that never leaves the agent. */
    @MemoryStructure("@lab/camera")
    public static final class Camera {
        final AtomicInteger shots = new AtomicInteger();
    }

    @Node
    public BigInteger bigInt(BigInteger value) {
        return value;
    }

    @Node
    public BigDecimal bigDecimal(BigDecimal value) {
        return value;
    }

    @Node
    public String small(char c, short s, byte b) {
        return "" + c + s + b;
    }

    @Node
    public int sum(Collection<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sum();
    }

    @Node
    public String optionals(OptionalInt i, OptionalLong l, OptionalDouble d) {
        return i + " " + l + " " + d;
    }

    @Node
    public String dates(Instant instant, OffsetDateTime offset, ZonedDateTime zoned, LocalDateTime local, LocalDate date) {
        return instant + " " + offset + " " + zoned + " " + local + " " + date;
    }

    @Node
    public Shape shape(Shape shape) {
        return shape;
    }

    @Node
    public List<Shape> shapes(List<Shape> shapes) {
        return shapes;
    }

    @Node
    public Image image(Image image) {
        return image;
    }

    @Node
    public List<Image> images(List<Image> images) {
        return images;
    }

    @Node
    public Dataset dataset(Dataset dataset) {
        return dataset;
    }

    @Node
    public Camera openCamera() {
        return new Camera();
    }

    @Node
    public int shoot(Camera camera) {
        return camera.shots.incrementAndGet();
    }

    @Node
    public Multi<Integer> countdown(int from) {
        return Multi.createFrom().range(0, from).map(i -> from - i);
    }

    @Node
    public Stats stats(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElse(0);
        return new Stats(mean, Math.sqrt(variance), values.size());
    }

    /**
     * Thresholds an image.
     *
     * @param level the threshold
     */
    @Node
    @PortGroup(key = "advanced", title = "Advanced", ports = { "mode", "note" })
    @IsTestFor(key = "threshold", version = "1")
    public Image threshold(
            @Search(query = "query Images($search: String) { images(search: $search) { value: id label: name } }", ward = "mikro") Image image,
            @Slider(min = 0, max = 255, step = 1) @Port(defaultValue = "128") int level,
            @Choices({ @Choices.Option(value = "fast", label = "Fast"),
                    @Choices.Option(value = "exact", label = "Exact", description = "slower") }) @Port(defaultValue = "\"fast\"") String mode,
            @Paragraph(placeholder = "why") @Validator(function = "(v) => v.length > 200 ? 'too long' : undefined", errorMessage = "too long") @PortEffect(kind = PortEffect.Kind.HIDE, function = "(v, o) => o.mode === 'fast'", dependencies = "mode") String note) {
        return image;
    }
}
