package io.quarkiverse.rekuest;

/**
 * The task ended {@code CANCELLED} or {@code INTERRUPTED} without this caller asking for it (someone else did, or the server).
 */
public class RemoteCancelledException extends RemoteCallException {

    private static final long serialVersionUID = 1L;

    public RemoteCancelledException(String message, String taskId) {
        super(message, taskId, null);
    }
}
