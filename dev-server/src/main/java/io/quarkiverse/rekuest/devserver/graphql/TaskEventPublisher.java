package io.quarkiverse.rekuest.devserver.graphql;

import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.TaskEventRecord;
import io.quarkiverse.rekuest.devserver.store.TaskFeed;
import io.quarkiverse.rekuest.devserver.store.TaskRecord;

/**
 * The source of one subscription: listens to the store's task feed, keeps what the subscription selects (the
 * selector returns null for news that do not concern it) and hands items to a single subscriber in commit order,
 * honouring its demand. Items are built while the store's lock is held, so each shows the task as it was at that
 * moment; they are buffered until requested and emitted on the subscription's own executor (its connection's
 * event loop), never on the thread that committed the change.
 */
final class TaskEventPublisher extends BufferedPublisher implements TaskFeed {

    /** Maps store news to a subscription item, or null to skip it. */
    interface Selector {
        Object created(TaskRecord task);

        Object event(TaskRecord task, TaskEventRecord event);
    }

    private final RekuestStore store;
    private final Selector selector;

    TaskEventPublisher(RekuestStore store, Executor executor, Selector selector) {
        super(executor);
        this.store = store;
        this.selector = selector;
    }

    static TaskEventPublisher of(RekuestStore store, Executor executor, Function<TaskRecord, Object> created,
            BiFunction<TaskRecord, TaskEventRecord, Object> event) {
        return new TaskEventPublisher(store, executor, new Selector() {
            @Override
            public Object created(TaskRecord task) {
                return created.apply(task);
            }

            @Override
            public Object event(TaskRecord task, TaskEventRecord e) {
                return event.apply(task, e);
            }
        });
    }

    @Override
    protected void start() {
        store.subscribe(this);
    }

    @Override
    protected void stop() {
        store.unsubscribe(this);
    }

    @Override
    public void taskCreated(TaskRecord task) {
        Object item = selector.created(task);
        if (item != null) {
            offer(item);
        }
    }

    @Override
    public void taskEvent(TaskRecord task, TaskEventRecord event) {
        Object item = selector.event(task, event);
        if (item != null) {
            offer(item);
        }
    }
}
