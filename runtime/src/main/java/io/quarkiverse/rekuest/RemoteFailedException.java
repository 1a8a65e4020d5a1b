package io.quarkiverse.rekuest;

/**
 * The remote node failed: its task ended {@code FAILED} (a {@link NodeFailure} or bad input). {@link #remoteMessage()} is what
 * the node reported.
 */
public class RemoteFailedException extends RemoteCallException {

    private static final long serialVersionUID = 1L;

    private final String remoteMessage;

    /**
     * @param action the action called, for the message
     * @param taskId the task
     * @param remoteMessage the message the agent reported, or {@code null}
     */
    public RemoteFailedException(String action, String taskId, String remoteMessage) {
        super(action + " (task " + taskId + ") "
                + ("RemoteFailedException".equals("RemoteFailedException") ? "failed" : "crashed") + ": "
                + (remoteMessage == null ? "no message" : remoteMessage), taskId, null);
        this.remoteMessage = remoteMessage;
    }

    /** The message the agent reported, as it reported it. */
    public String remoteMessage() {
        return remoteMessage;
    }
}
