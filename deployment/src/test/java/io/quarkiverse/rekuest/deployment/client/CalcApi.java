package io.quarkiverse.rekuest.deployment.client;

import io.quarkiverse.rekuest.Node;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** A contract shared as code: served by {@link CalcNodes} and called through a {@code @RekuestClient} proxy. */
public interface CalcApi {

    /**
     * Adds two integers.
     *
     * @param a the first
     * @param b the second
     */
    @Node
    int add(int a, int b);

    @Node
    Uni<String> greet(String name);

    @Node
    Multi<Integer> countTo(int n);
}
