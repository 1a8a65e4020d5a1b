package io.quarkiverse.rekuest.deployment.tracing;

import java.util.function.Consumer;

import jakarta.inject.Inject;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RekuestClient;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** Nodes that make a nested call, on each kind of thread a node runs on, and one that crashes. */
public class TracingChainNodes {

    /**
     * Told the node's name where it makes its nested call (the tracing test records the current span there; this class
     * itself refers to no OpenTelemetry class, as the test without OpenTelemetry runs it too).
     */
    static volatile Consumer<String> probe = node -> {
    };

    @Inject
    @RekuestClient
    TracingLeaf leaf;

    @Inject
    Rekuest rekuest;

    @Inject
    Vertx vertx;

    /** A worker thread: a blocking nested call. */
    @Node
    public int chain(int x) {
        probe.accept("chain");
        return leaf.square(x) + 1;
    }

    /**
     * The event loop: the nested call (through the dynamic API) is made in a later stage of the {@code Uni} the method
     * returns, after the method itself returned, from a Vert.x timer (which fires on the task's context).
     */
    @Node
    public Uni<Integer> chainUni(int x) {
        return Uni.createFrom().<Integer> emitter(emitter -> vertx.setTimer(20, id -> emitter.complete(x)))
                .chain(value -> {
                    probe.accept("chain_uni");
                    return rekuest.use("square").callAsync(value);
                })
                .map(square -> ((Number) square).intValue() + 2);
    }

    /** A virtual thread (a worker thread on Java 17, where Quarkus falls back to one). */
    @Node
    @RunOnVirtualThread
    public int chainVirtual(int x) {
        probe.accept("chain_virtual");
        return leaf.square(x) + 3;
    }

    @Node
    public int crash() {
        throw new IllegalStateException("boom");
    }
}
