package io.quarkiverse.rekuest.deployment.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Serves {@link CalcApi} in the test application. */
public class CalcNodes implements CalcApi {

    @Override
    public int add(int a, int b) {
        return a + b;
    }

    @Override
    public Uni<String> greet(String name) {
        return Uni.createFrom().item("Hello, " + name);
    }

    @Override
    public Multi<Integer> countTo(int n) {
        return Multi.createFrom().range(1, n + 1);
    }
}
