package io.quarkiverse.rekuest;

/**
 * The agent running the task disconnected and did not come back in time: the server marked the task
 * {@code DISCONNECTED} (its fate is unknown; it may have run or not) and no further event came within
 * {@code quarkus.rekuest.client.disconnected-wait}.
 */
public class RemoteDisconnectedException extends RemoteCallException {

    private static final long serialVersionUID = 1L;

    public RemoteDisconnectedException(String message, String taskId) {
        super(message, taskId, null);
    }
}
