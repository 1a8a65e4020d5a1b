package io.quarkiverse.rekuest;

import java.time.Duration;

/** The call's deadline expired before the task finished; the task was cancelled on the server. */
public class RemoteDeadlineException extends RemoteCallException {

    private static final long serialVersionUID = 1L;

    private final Duration deadline;

    public RemoteDeadlineException(String action, String taskId, Duration deadline) {
        super(action + (taskId == null ? "" : " (task " + taskId + ")") + " did not finish within its deadline of " + deadline
                + "; the task is cancelled", taskId, null);
        this.deadline = deadline;
    }

    /** The deadline that expired. */
    public Duration deadline() {
        return deadline;
    }
}
