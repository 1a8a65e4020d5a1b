package io.quarkiverse.rekuest.deployment.test.golden;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.rekuest.Node;

/** A class that is a bean already, with a scope of its own and an injection point. */
@ApplicationScoped
public class ScopedNodes {

    @Inject
    Signatures signatures;

    @Node
    public int addTwice(int a, int b) {
        return signatures.add(a, b) * 2;
    }
}
