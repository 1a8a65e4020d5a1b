package io.quarkiverse.rekuest.deployment.devui;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.NodeFailure;
import io.quarkiverse.rekuest.Paragraph;
import io.quarkiverse.rekuest.Port;
import io.quarkiverse.rekuest.Slider;
import io.quarkiverse.rekuest.Task;

/** The nodes the Dev UI service is tried on: a record argument, a slow one, a failing one, widgets. */
@ApplicationScoped
public class DevUINodes {

    /** A unit of length. */
    public enum Unit {
        NM,
        UM
    }

    /** One measured value. */
    public record Measurement(String name, double value, Unit unit) {
    }

    /** Sums up measurements. */
    public record Summary(int count, double total) {
    }

    /**
     * Sums up measurements.
     *
     * @param measurements what was measured
     * @param label a label for the summary
     * @return the count and the total
     */
    @Node
    public Summary summarize(List<Measurement> measurements, Optional<String> label) {
        return new Summary(measurements.size(), measurements.stream().mapToDouble(Measurement::value).sum());
    }

    /** Divides, failing on zero. */
    @Node
    public double divide(double dividend, double divisor) {
        if (divisor == 0) {
            throw new NodeFailure("Cannot divide " + dividend + " by zero");
        }
        return dividend / divisor;
    }

    /** Squares slowly, in steps with progress. */
    @Node
    public long slowSquare(Task task, long x, @Port(defaultValue = "5000") long millis) throws InterruptedException {
        for (int step = 1; step <= 10; step++) {
            Thread.sleep(millis / 10);
            task.progress(step * 10, "step " + step);
        }
        return x * x;
    }

    /** Repeats a text. */
    @Node
    public String repeat(@Paragraph String text, @Slider(min = 1, max = 5) int times) {
        return text.repeat(times);
    }
}
