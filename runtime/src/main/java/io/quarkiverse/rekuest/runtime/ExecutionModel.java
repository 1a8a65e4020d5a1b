package io.quarkiverse.rekuest.runtime;

/**
 * The thread a node method runs on, decided at build time with the rule of WebSockets Next:
 * {@code @RunOnVirtualThread} (on the method or its class), else {@code @Blocking} / {@code @NonBlocking},
 * else the signature (a {@code Uni}, {@code Multi} or {@code CompletionStage} return runs on the event loop,
 * anything else on a worker thread).
 */
public enum ExecutionModel {
    /** On the task's duplicated Vert.x context, on the event loop; the method must not block. */
    EVENT_LOOP,
    /** On a worker thread. */
    WORKER_THREAD,
    /** On a new virtual thread. */
    VIRTUAL_THREAD
}
