package io.quarkiverse.rekuest.devserver.bench;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.impl.VertxThread;
import io.vertx.core.spi.VertxThreadFactory;

/**
 * A Vert.x instance whose threads carry a prefix (e.g. {@code bench-client-vert.x-eventloop-thread-0}), so that the
 * benchmark can tell them apart from the dev server's own {@code vert.x-*} threads when it sums CPU time.
 */
final class NamedVertx {

    private NamedVertx() {
    }

    static Vertx create(String prefix, int eventLoops) {
        VertxOptions options = new VertxOptions()
                .setEventLoopPoolSize(eventLoops)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1);
        VertxThreadFactory threads = new VertxThreadFactory() {
            @Override
            public VertxThread newVertxThread(Runnable target, String name, boolean worker, long maxExecTime,
                    TimeUnit maxExecTimeUnit) {
                return new VertxThread(target, prefix + name, worker, maxExecTime, maxExecTimeUnit);
            }
        };
        return new VertxBuilder(options).threadFactory(threads).init().vertx();
    }
}
