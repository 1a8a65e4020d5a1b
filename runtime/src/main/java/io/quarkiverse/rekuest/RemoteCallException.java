package io.quarkiverse.rekuest;

import java.util.Optional;

/**
 * A call of a remote action did not produce its result. The subclasses say why; {@link #taskId()} names the task on the
 * rekuest server when one was created.
 */
public class RemoteCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String taskId;

    /**
     * @param message what happened
     * @param taskId the task, or {@code null} when none was created
     * @param cause the underlying problem, or {@code null}
     */
    public RemoteCallException(String message, String taskId, Throwable cause) {
        super(message, cause);
        this.taskId = taskId;
    }

    /** The id of the task on the rekuest server, when one was created. */
    public Optional<String> taskId() {
        return Optional.ofNullable(taskId);
    }
}
