package io.quarkiverse.rekuest.deployment.platform;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.State;

/** A state nobody gives a first value, for {@link UnsetStateTest}. */
public class UnsetStateNodes {

    @State("laser")
    public record Laser(boolean on) {
    }

    @Node(manipulates = Laser.class)
    public void switchOn() {
    }
}
