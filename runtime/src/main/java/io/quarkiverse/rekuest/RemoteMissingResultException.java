package io.quarkiverse.rekuest;

import java.util.List;

/**
 * The task of a function ended {@code COMPLETED}, but its {@code YIELD} (the value) reached neither this caller nor the
 * server's record of the task, and the result is not nullable: the call has no value to return and fails rather than
 * return one it made up.
 * <p>
 * This happens when the agent's result was lost: its {@code YIELD} was dropped in a disconnect (or a server restart)
 * while the server still stored {@code COMPLETED}. The caller looks at the task's stored events before it decides, so
 * a {@code YIELD} that only the subscription missed is still returned. Like {@link RemoteFailedException}, it is
 * retried for idempotent and pure actions.
 */
public class RemoteMissingResultException extends RemoteCallException {

    private static final long serialVersionUID = 1L;

    private final List<String> missingPorts;

    /**
     * @param action the action called, for the message
     * @param taskId the task
     * @param missingPorts the return ports that have no value and are not nullable
     * @param readFailure why the task's stored events could not be read, or {@code null} when they were read
     */
    public RemoteMissingResultException(String action, String taskId, List<String> missingPorts, Throwable readFailure) {
        super(action + " (task " + taskId + ") completed without its result: no YIELD with a value for " + missingPorts
                + (readFailure == null ? " came, and the task's stored events on the server have none either"
                        : " came, and the task's stored events could not be read (" + readFailure.getMessage() + ")")
                + ". The agent's result was lost; the server stored COMPLETED without a YIELD (a report dropped in a "
                + "disconnect or a server restart). The call fails instead of returning a value it does not have: call "
                + "again, mark the action idempotent or pure to have such calls retried, or declare the result @Nullable "
                + "or Optional if the action may return nothing.", taskId, readFailure);
        this.missingPorts = List.copyOf(missingPorts);
    }

    /** The return ports that have no value and are not nullable. */
    public List<String> missingPorts() {
        return missingPorts;
    }
}
