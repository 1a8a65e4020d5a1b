package io.quarkiverse.rekuest.runtime.client;

import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Where the results of one call go: every item of a {@code Multi} (generators), or the last item of a {@code Uni}
 * (functions). A single result goes straight into a {@code UniEmitter}: building it as a {@code Multi} collected to its
 * last item cost three operators (and their context propagation) per call, which showed in the caller benchmark.
 * {@code null} results travel as {@link RemoteTask.NullItem#INSTANCE}.
 */
interface CallSink {

    void emit(Object item);

    void complete();

    void fail(Throwable failure);

    /** Runs {@code action} when the subscriber cancels the call (not when it completes or fails). */
    void onCancellation(Runnable action);

    static CallSink of(MultiEmitter<? super Object> emitter) {
        return new CallSink() {
            @Override
            public void emit(Object item) {
                emitter.emit(item);
            }

            @Override
            public void complete() {
                emitter.complete();
            }

            @Override
            public void fail(Throwable failure) {
                emitter.fail(failure);
            }

            @Override
            public void onCancellation(Runnable action) {
                emitter.onCancellation(action);
            }
        };
    }

    /** The Uni completes with the last item emitted (a function yields once), or {@code null} when there was none. */
    static CallSink last(UniEmitter<? super Object> emitter) {
        return new CallSink() {
            private volatile Object last;
            /** Set before this sink ends the Uni: a termination not preceded by it is a cancellation. */
            private volatile boolean ending;

            @Override
            public void emit(Object item) {
                last = item;
            }

            @Override
            public void complete() {
                ending = true;
                Object item = last;
                emitter.complete(item == RemoteTask.NullItem.INSTANCE ? null : item);
            }

            @Override
            public void fail(Throwable failure) {
                ending = true;
                emitter.fail(failure);
            }

            @Override
            public void onCancellation(Runnable action) {
                emitter.onTermination(() -> {
                    if (!ending) {
                        action.run();
                    }
                });
            }
        };
    }
}
