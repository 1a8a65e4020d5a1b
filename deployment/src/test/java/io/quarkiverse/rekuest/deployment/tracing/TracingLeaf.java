package io.quarkiverse.rekuest.deployment.tracing;

import io.quarkiverse.rekuest.Node;
import io.smallrye.mutiny.Uni;

/** The leaf actions of the tracing tests, served by {@link TracingLeafNodes} and called through a proxy. */
public interface TracingLeaf {

    @Node
    int square(int x);

    @Node
    String refuse(String why);

    @Node
    Uni<String> slowUni();
}
