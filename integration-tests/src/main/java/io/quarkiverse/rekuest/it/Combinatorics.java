package io.quarkiverse.rekuest.it;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.NodeFailure;
import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RekuestClient;

/**
 * Nodes that call other actions while they run: each call is a nested task, a child of the running one, made through
 * a typed {@code @RekuestClient} proxy or the dynamic {@link Rekuest} API.
 */
public class Combinatorics {

    @Inject
    @RekuestClient
    Arithmetic arithmetic;

    @Inject
    Rekuest rekuest;

    /**
     * The binomial coefficient "n choose k", from three factorials that the {@code factorial} action computes: three
     * nested calls.
     *
     * @param n the size of the set
     * @param k the size of the subsets, from 0 to n
     * @return how many subsets of k elements a set of n elements has
     */
    @Node(collections = "demo")
    public long binomial(int n, int k) {
        if (k < 0 || k > n) {
            throw new NodeFailure("k must be between 0 and n (" + n + "), not " + k);
        }
        return arithmetic.factorial(n) / (arithmetic.factorial(k) * arithmetic.factorial(n - k));
    }

    /**
     * Calls an action with each number, one after the other: any application's action with one integer argument and
     * one integer result, found by its key.
     *
     * @param action the key of the action
     * @param numbers the numbers
     * @return the action's result for each number, in order
     */
    @Node(collections = "demo")
    public List<Long> apply(String action, List<Integer> numbers) {
        List<Long> results = new ArrayList<>();
        for (int n : numbers) {
            results.add(((Number) rekuest.use(action).call(n)).longValue());
        }
        return results;
    }
}
