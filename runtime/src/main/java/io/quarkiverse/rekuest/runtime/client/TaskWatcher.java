package io.quarkiverse.rekuest.runtime.client;

/**
 * Follows every event of one {@link RemoteTask}, not only those that make its result: the {@code AssignedTask} handle
 * shows progress, logs and pauses too.
 */
interface TaskWatcher {

    /** The server created the task. */
    void assigned(String task);

    /** An event of the task, seen for the first time; called with the task's lock held, in the order accepted. */
    void event(TaskEvent event);
}
