package io.quarkiverse.rekuest.devserver.store;

/** The kinds of event a task records (server v2.2.0 {@code TaskEventKind}). */
public enum TaskEventKind {
    BOUND,
    QUEUED,
    STARTED,
    PROGRESS,
    DELEGATE,
    DISCONNECTED,
    YIELD,
    COMPLETED,
    LOG,
    CANCELLING,
    CANCELLED,
    INTERRUPTING,
    INTERRUPTED,
    PAUSING,
    PAUSED,
    RESUMING,
    RESUMED,
    FAILED,
    CRITICAL;

    /** Terminal kinds set {@code isDone}; DISCONNECTED deliberately does not (protocol reference §2.9). */
    public boolean terminal() {
        return this == COMPLETED || this == CANCELLED || this == INTERRUPTED || this == FAILED || this == CRITICAL;
    }
}
