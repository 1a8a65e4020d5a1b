package io.quarkiverse.rekuest;

/**
 * The remote node crashed: its task ended {@code CRITICAL} (an unexpected error, or the agent was lost).
 * {@link #remoteMessage()} is what the agent reported.
 */
public class RemoteCriticalException extends RemoteCallException {

    private static final long serialVersionUID = 1L;

    private final String remoteMessage;

    /**
     * @param action the action called, for the message
     * @param taskId the task
     * @param remoteMessage the message the agent reported, or {@code null}
     */
    public RemoteCriticalException(String action, String taskId, String remoteMessage) {
        super(action + " (task " + taskId + ") "
                + ("RemoteCriticalException".equals("RemoteFailedException") ? "failed" : "crashed") + ": "
                + (remoteMessage == null ? "no message" : remoteMessage), taskId, null);
        this.remoteMessage = remoteMessage;
    }

    /** The message the agent reported, as it reported it. */
    public String remoteMessage() {
        return remoteMessage;
    }
}
