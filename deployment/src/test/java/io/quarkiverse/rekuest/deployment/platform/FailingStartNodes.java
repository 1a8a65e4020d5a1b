package io.quarkiverse.rekuest.deployment.platform;

import jakarta.enterprise.event.Observes;

import io.quarkiverse.rekuest.AgentStarting;
import io.quarkiverse.rekuest.Node;

/** Start-up work that fails, for {@link FailingStartTest}. */
public class FailingStartNodes {

    void openDevice(@Observes AgentStarting starting) {
        throw new IllegalArgumentException("no stage connected on /dev/ttyUSB0");
    }

    @Node
    public void home() {
    }
}
