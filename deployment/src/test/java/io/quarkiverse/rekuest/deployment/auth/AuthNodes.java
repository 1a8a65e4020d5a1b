package io.quarkiverse.rekuest.deployment.auth;

import io.quarkiverse.rekuest.Node;

/** Nodes for the auth tests. */
public class AuthNodes {

    @Node
    public int sleepy(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }
}
