package io.quarkiverse.rekuest.deployment.validation;

import io.quarkiverse.rekuest.Node;

/** Locks, limits and states of nodes the build refuses. */
public class BadRequirementNodes {

    public record Plain(int a) {
    }

    @Node(manipulates = Plain.class)
    public void writesPlain() {
    }

    @Node(maxConcurrency = -1, locks = " ")
    public void limits() {
    }
}
