package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.Optional;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.NodeFailure;
import io.quarkiverse.rekuest.Port;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The demo's nodes: the simplest shapes, described by their Javadoc. */
public class Calculator {

    /**
     * Adds two integers.
     *
     * @param a the first summand
     * @param b the second summand
     * @return the sum
     */
    @Node(collections = "demo", pure = true)
    public int add(int a, @Port(defaultValue = "1") int b) {
        return a + b;
    }

    /**
     * Divides two numbers; dividing by zero is a business failure (FAILED), not a crash.
     *
     * @param dividend the number to divide
     * @param divisor the number to divide by, not zero
     * @return the quotient
     */
    @Node(collections = "demo", pure = true)
    public double divide(double dividend, double divisor) {
        if (divisor == 0) {
            throw new NodeFailure("Cannot divide " + dividend + " by zero");
        }
        return dividend / divisor;
    }

    /**
     * Greets someone, on the event loop.
     *
     * @param name who to greet
     * @param greeting the greeting, "Hello" when left out
     * @return the greeting
     */
    @Node(collections = "demo")
    public Uni<String> greet(String name, Optional<String> greeting) {
        return Uni.createFrom().item(greeting.orElse("Hello") + ", " + name + "!");
    }

    /**
     * Counts down to zero, one number every 50 ms: a generator, every number is a result.
     *
     * @param from where to start
     * @return the numbers from {@code from} down to 0
     */
    @Node(collections = "demo")
    public Multi<Integer> countdown(@Port(defaultValue = "3") int from) {
        return Multi.createFrom().ticks().every(Duration.ofMillis(50))
                .map(tick -> from - tick.intValue())
                .select().first(Math.max(0, from) + 1);
    }
}
