package io.quarkiverse.rekuest.devserver.auth;

/** A token was missing, malformed, expired or not trusted. The message never contains the token. */
public class AuthenticationException extends Exception {

    public AuthenticationException(String message) {
        super(message);
    }
}
