package io.quarkiverse.rekuest.it;

import java.util.List;

/**
 * Statistics of a series of measurements.
 *
 * @param label the label of the series
 * @param count how many values
 * @param mean their mean, in the requested unit
 * @param unit the unit of the mean
 * @param names the names of the measurements, in order
 */
public record Summary(String label, int count, double mean, Unit unit, List<String> names) {
}
