package io.quarkiverse.rekuest;

/**
 * No live agent implements the action a call asked for: no action on the server matches, or none of the agents
 * implementing it is connected. The call created no task; calling again later may succeed.
 */
public class NoImplementationException extends RemoteCallException {

    private static final long serialVersionUID = 1L;

    public NoImplementationException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
