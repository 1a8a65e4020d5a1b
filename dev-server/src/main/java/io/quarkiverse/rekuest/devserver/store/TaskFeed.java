package io.quarkiverse.rekuest.devserver.store;

/**
 * Receives every task creation and event, in commit order, while the store's lock is held: implementations only
 * hand the news to their own thread and return.
 */
public interface TaskFeed {

    void taskCreated(TaskRecord task);

    void taskEvent(TaskRecord task, TaskEventRecord event);
}
