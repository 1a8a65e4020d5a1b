package io.quarkiverse.rekuest.it;

/**
 * A measured length.
 *
 * @param name what was measured
 * @param value the length
 * @param unit the unit of the length
 */
public record Measurement(String name, double value, Unit unit) {
}
