package io.quarkiverse.rekuest.deployment.agent;

import io.quarkiverse.rekuest.Node;

/** Nodes for {@link AgentConnectionTest}. */
public class ConnNodes {

    @Node
    public int sleepy(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }
}
