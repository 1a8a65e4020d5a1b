package io.quarkiverse.rekuest.deployment.test.golden;

public record Point(double x, double y) {
}
