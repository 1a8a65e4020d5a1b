package io.quarkiverse.rekuest.runtime.client;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * A stream that keeps what it was given and replays it to every subscriber before the live items: the events and
 * results of an {@code AssignedTask}, which a caller may subscribe to after they happened, and more than once. A
 * subscriber that cancels only leaves; the stream goes on for the others.
 */
final class Replay<T> {

    // guarded by this
    private final List<T> items = new ArrayList<>();
    private final List<MultiEmitter<? super T>> live = new ArrayList<>(1);
    private boolean ended;
    private Throwable failure;

    synchronized void emit(T item) {
        if (ended) {
            return;
        }
        items.add(item);
        // a copy: a subscriber may leave (and so change the list) while it is given the item
        for (MultiEmitter<? super T> emitter : List.copyOf(live)) {
            emitter.emit(item);
        }
    }

    void complete() {
        end(null);
    }

    void fail(Throwable cause) {
        end(cause);
    }

    synchronized boolean ended() {
        return ended;
    }

    private synchronized void end(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        failure = cause;
        List<MultiEmitter<? super T>> subscribers = List.copyOf(live);
        live.clear();
        for (MultiEmitter<? super T> emitter : subscribers) {
            terminate(emitter);
        }
    }

    Multi<T> stream() {
        return Multi.createFrom().emitter(emitter -> {
            synchronized (this) {
                for (T item : items) {
                    emitter.emit(item);
                }
                if (ended) {
                    terminate(emitter);
                    return;
                }
                live.add(emitter);
            }
            emitter.onTermination(() -> {
                synchronized (this) {
                    live.remove(emitter);
                }
            });
        });
    }

    private void terminate(MultiEmitter<? super T> emitter) {
        if (failure == null) {
            emitter.complete();
        } else {
            emitter.fail(failure);
        }
    }
}
