package io.quarkiverse.rekuest.deployment.javadoc;

import io.quarkiverse.rekuest.Port;

/**
 * A measured value.
 *
 * @param value the measured value, in {@code unit}
 * @param unit the unit it is measured in
 * @param label ignored: the annotation wins
 */
public record Sample(double value, Mode unit, @Port(description = "What the UI shows") String label) {
}
