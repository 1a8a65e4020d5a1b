package io.quarkiverse.rekuest.deployment.test.golden;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.quarkiverse.rekuest.Port;

public record Shape(
        @Port(label = "Name", defaultValue = "\"square\"") String name,
        @Port(description = "the corners, in order") List<Point> corners,
        Optional<Color> fill,
        Instant created) {
}
