package io.quarkiverse.rekuest.it;

import io.quarkiverse.rekuest.Node;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A contract shared as code: {@link Abacus} implements it, so this application serves these actions; an application
 * that has the interface on its class path injects it with {@code @RekuestClient} and calls them through the rekuest
 * server, wherever they are served ({@link Combinatorics} does, from inside a node). Both sides derive the same
 * definitions from these methods.
 */
public interface Arithmetic {

    /**
     * Multiplies two integers.
     *
     * @param a the multiplicand
     * @param b the multiplier
     * @return the product
     */
    @Node(collections = "demo", pure = true)
    int multiply(int a, int b);

    /**
     * Squares an integer, asynchronously.
     *
     * @param n the integer
     * @return its square
     */
    @Node(collections = "demo", pure = true)
    Uni<Integer> square(int n);

    /**
     * Counts from one integer up to another: a generator, every number is a result.
     *
     * @param from the first number
     * @param to the last number
     * @return the numbers from {@code from} to {@code to}
     */
    @Node(collections = "demo")
    Multi<Integer> range(int from, int to);

    /**
     * The factorial of an integer. A negative integer is refused (a business failure, FAILED); from 21 on the result
     * overflows a long, an unexpected error (CRITICAL).
     *
     * @param n the integer, from 0 to 20
     * @return n!
     */
    @Node(collections = "demo")
    long factorial(int n);
}
