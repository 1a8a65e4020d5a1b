package io.quarkiverse.rekuest.deployment.agent;

import java.util.concurrent.atomic.AtomicLong;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Task;
import io.smallrye.mutiny.Multi;

/** Nodes for {@link OutboxBoundTest}: a generator without end and a node that reports progress in a loop. */
public class BoundNodes {

    static final AtomicLong EMITTED = new AtomicLong();
    static final AtomicLong PROGRESSED = new AtomicLong();

    @Node
    public Multi<Long> endless() {
        return Multi.createFrom().generator(() -> 0L, (n, emitter) -> {
            EMITTED.incrementAndGet();
            emitter.emit(n);
            return n + 1;
        });
    }

    @Node
    public int chatty(Task task, int count) {
        for (int i = 0; i < count; i++) {
            task.progress(i % 100, "step " + i);
            PROGRESSED.incrementAndGet();
        }
        return count;
    }
}
