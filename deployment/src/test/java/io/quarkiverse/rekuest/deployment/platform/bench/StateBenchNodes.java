package io.quarkiverse.rekuest.deployment.platform.bench;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkiverse.rekuest.AgentStarting;
import io.quarkiverse.rekuest.LiveState;
import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.State;

/** One state changed at a high rate, for {@link StateBench}. */
@ApplicationScoped
public class StateBenchNodes {

    /** A stage position streamed by a device: every change is a new record. */
    @State("position")
    public record Position(double x, double y, double z, long frame) {
    }

    void init(@Observes AgentStarting starting, LiveState<Position> position) {
        position.set(new Position(0, 0, 0, 0));
    }

    /** The agent needs a node to register. */
    @Node(manipulates = Position.class)
    public long frame() {
        return 0;
    }
}
