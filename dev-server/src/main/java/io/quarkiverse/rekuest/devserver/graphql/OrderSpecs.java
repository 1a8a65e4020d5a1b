package io.quarkiverse.rekuest.devserver.graphql;

import java.time.OffsetDateTime;
import java.util.Comparator;

import io.quarkiverse.rekuest.devserver.store.ActionRecord;
import io.quarkiverse.rekuest.devserver.store.AgentRecord;
import io.quarkiverse.rekuest.devserver.store.ImplementationRecord;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.TaskEventRecord;
import io.quarkiverse.rekuest.devserver.store.TaskRecord;

/** The ordering inputs of the types the embedded store holds, as the real server's order types define them. */
final class OrderSpecs {

    final Orderings<ActionRecord> action;
    final Orderings<ImplementationRecord> implementation;
    final Orderings<AgentRecord> agent;
    final Orderings<TaskRecord> task;
    final Orderings<TaskEventRecord> taskEvent;

    OrderSpecs(RekuestStore store) {
        this.action = new Orderings<ActionRecord>("ActionOrder")
                .by("definedAt", a -> a.definedAt)
                // the latest task's creation time (null for an action never used)
                .by("usedAt", a -> store.tasks().stream().filter(t -> t.action == a).map(t -> t.createdAt)
                        .max(Comparator.<OffsetDateTime> naturalOrder()).orElse(null));
        this.implementation = new Orderings<ImplementationRecord>("ImplementationOrder")
                // the store keeps implementations in creation order and numbers them upwards
                .by("createdAt", i -> Long.parseLong(i.id))
                // v2.2.0 orders by the agent's connected flag, ascending, whatever the direction asked for
                .always("active", Comparator.comparing(i -> i.agent.connected));
        this.agent = new Orderings<AgentRecord>("AgentOrder").by("lastSeen", a -> a.lastSeen);
        this.task = new Orderings<TaskRecord>("TaskOrder").by("createdAt", t -> t.createdAt).by("finishedAt",
                t -> t.finishedAt);
        this.taskEvent = new Orderings<TaskEventRecord>("TaskEventOrder").by("createdAt", TaskEventRecord::createdAt);
    }
}
