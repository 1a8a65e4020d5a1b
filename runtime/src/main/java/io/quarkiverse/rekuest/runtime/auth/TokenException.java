package io.quarkiverse.rekuest.runtime.auth;

/**
 * No access token could be had. A <em>permanent</em> failure (credentials refused, configuration missing) will not go
 * away by retrying: the agent stops and, at start-up, fails the application with this message, which names the
 * configuration keys to fix. Other failures (the token endpoint is down) are retried with backoff. The message never
 * contains a token or a secret.
 */
public class TokenException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    public TokenException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public TokenException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    /** Whether retrying cannot help. */
    public boolean isPermanent() {
        return permanent;
    }

    /** The permanent token failure in {@code failure}'s cause chain, if any. */
    public static TokenException permanentIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TokenException token && token.isPermanent()) {
                return token;
            }
        }
        return null;
    }
}
