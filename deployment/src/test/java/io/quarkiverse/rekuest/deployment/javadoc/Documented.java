package io.quarkiverse.rekuest.deployment.javadoc;

import java.util.List;
import java.util.Optional;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Port;
import io.quarkiverse.rekuest.Task;

/** Nodes whose descriptions come from Javadoc. This class comment describes no node. */
public class Documented {

    /**
     * Scales a {@code Sample} by a factor, see {@link Sample#value()}.
     * <p>
     * Negative factors flip it &amp; keep its unit.
     *
     * @param sample the sample to scale
     * @param factor
     *        how much, a multiplier
     *        spread over two lines
     * @param task the task handle, which is no port
     * @return the scaled sample
     */
    @Node
    public Sample scale(Sample sample, double factor, Task task) {
        return new Sample(sample.value() * factor, sample.unit(), sample.label());
    }

    /**
     * This text loses to the annotation.
     *
     * @param mode loses to @Port(description)
     * @param level the level, kept
     * @return {@literal <ignored>} the mode
     */
    @Node(description = "Explicit wins")
    public Mode explicit(@Port(description = "Explicit port wins") Mode mode, int level) {
        return mode;
    }

    /** {@return the modes, in order} They are all there. */
    @Node
    public List<Mode> modes() {
        return List.of(Mode.values());
    }

    /** Same name, other parameters: matched by parameter names. @param text some text */
    @Node(key = "echo_text")
    public String echo(String text) {
        return text;
    }

    /**
     * Echoes a number.
     *
     * @param number a number
     */
    @Node(key = "echo_number")
    public Optional<Integer> echo(Integer number) {
        return Optional.ofNullable(number);
    }

    @Node
    public void undocumented(String text) {
    }
}
