package io.quarkiverse.rekuest.deployment.client.bench;

import io.quarkiverse.rekuest.Node;
import io.smallrye.mutiny.Uni;

/** The benchmarked contract: served by {@link BenchNodes} (this app's agent), called through the proxy. */
public interface BenchApi {

    @Node
    Uni<Integer> addAsync(int a, int b);
}
