package io.quarkiverse.rekuest.deployment.metrics;

import io.quarkiverse.rekuest.Node;

/** A contract served by {@link MetricsNodes} and called through a {@code @RekuestClient} proxy in the metrics test. */
public interface MetricsApi {

    @Node
    int square(int x);

    @Node
    String refuse(String why);
}
