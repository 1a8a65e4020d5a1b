package io.quarkiverse.rekuest.deployment.agent;

import java.util.concurrent.atomic.AtomicInteger;

import io.quarkiverse.rekuest.Node;

/** Nodes for {@link AgentLifecycleTest}; the counters show what actually ran. */
public class LifecycleNodes {

    static final AtomicInteger ADDS = new AtomicInteger();
    static final AtomicInteger SLEEPS = new AtomicInteger();

    @Node
    public int add(int a, int b) {
        ADDS.incrementAndGet();
        return a + b;
    }

    @Node
    public int sleeper(int millis) throws InterruptedException {
        SLEEPS.incrementAndGet();
        Thread.sleep(millis);
        return millis;
    }
}
