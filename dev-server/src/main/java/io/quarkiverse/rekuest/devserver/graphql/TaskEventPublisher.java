package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

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
final class TaskEventPublisher implements Publisher<Object>, TaskFeed {

    /** Maps store news to a subscription item, or null to skip it. */
    interface Selector {
        Object created(TaskRecord task);

        Object event(TaskRecord task, TaskEventRecord event);
    }

    private final RekuestStore store;
    private final Selector selector;
    private final Executor executor;
    private final Deque<Object> buffer = new ArrayDeque<>();
    private Subscriber<? super Object> subscriber;
    private long demand;
    private boolean cancelled;
    private boolean emitting;

    TaskEventPublisher(RekuestStore store, Executor executor, Selector selector) {
        this.store = store;
        this.executor = executor;
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
    public void subscribe(Subscriber<? super Object> s) {
        synchronized (this) {
            if (subscriber != null) {
                s.onSubscribe(new Subscription() {
                    public void request(long n) {
                    }

                    public void cancel() {
                    }
                });
                s.onError(new IllegalStateException("A subscription source serves one subscriber"));
                return;
            }
            subscriber = s;
        }
        store.subscribe(this);
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                synchronized (TaskEventPublisher.this) {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                drain();
            }

            @Override
            public void cancel() {
                synchronized (TaskEventPublisher.this) {
                    cancelled = true;
                    buffer.clear();
                }
                store.unsubscribe(TaskEventPublisher.this);
            }
        });
    }

    @Override
    public void taskCreated(TaskRecord task) {
        offer(selector.created(task));
    }

    @Override
    public void taskEvent(TaskRecord task, TaskEventRecord event) {
        offer(selector.event(task, event));
    }

    private void offer(Object item) {
        if (item == null) {
            return;
        }
        synchronized (this) {
            if (cancelled) {
                return;
            }
            buffer.addLast(item);
        }
        executor.execute(this::drain);
    }

    /** Emits buffered items while there is demand; re-entrant calls from onNext just return. */
    private void drain() {
        while (true) {
            Object next;
            synchronized (this) {
                if (emitting || cancelled || demand == 0 || buffer.isEmpty() || subscriber == null) {
                    return;
                }
                emitting = true;
                next = buffer.pollFirst();
                demand--;
            }
            try {
                subscriber.onNext(next);
            } finally {
                synchronized (this) {
                    emitting = false;
                }
            }
        }
    }
}
