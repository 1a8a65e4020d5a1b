package io.quarkiverse.rekuest;

/**
 * A business failure of a {@link Node}: the task ends as {@code FAILED} with this exception's message,
 * which the caller sees. Throw it for errors the caller can act on (a bad value, a missing file).
 * <p>
 * Any other exception a node throws is unexpected: the task ends as {@code CRITICAL} and the stack trace is
 * logged by the agent.
 */
public class NodeFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for the caller
     */
    public NodeFailure(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for the caller
     * @param cause the underlying exception, logged by the agent
     */
    public NodeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
