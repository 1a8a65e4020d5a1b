package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The source of one GraphQL subscription: items offered by the store (from whichever thread committed the change) are
 * buffered in order and handed to its single subscriber as it asks for them, on the subscription's own executor (its
 * connection's event loop). Subclasses say how they start listening to the store (and what the subscriber gets first)
 * and how they stop.
 */
abstract class BufferedPublisher implements Publisher<Object> {

    private final Executor executor;
    // guarded by this
    private final Deque<Object> buffer = new ArrayDeque<>();
    private Subscriber<? super Object> subscriber;
    private long demand;
    private boolean cancelled;
    private boolean emitting;

    BufferedPublisher(Executor executor) {
        this.executor = executor;
    }

    /** Starts listening to the store; items offered from now on (or {@link #first} during it) reach the subscriber. */
    protected abstract void start();

    /** Stops listening: the subscriber cancelled. */
    protected abstract void stop();

    @Override
    public final void subscribe(Subscriber<? super Object> s) {
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
        start();
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                synchronized (BufferedPublisher.this) {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                drain();
            }

            @Override
            public void cancel() {
                synchronized (BufferedPublisher.this) {
                    cancelled = true;
                    buffer.clear();
                }
                stop();
            }
        });
    }

    /** An item the subscriber gets before any offered one; called from {@link #start}. */
    protected final synchronized void first(Object item) {
        buffer.addLast(item);
    }

    /** Buffers {@code item} (unless the subscriber left) and emits what is asked for on the executor. */
    protected final void offer(Object item) {
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
