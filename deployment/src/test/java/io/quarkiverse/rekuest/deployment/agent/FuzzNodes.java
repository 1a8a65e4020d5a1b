package io.quarkiverse.rekuest.deployment.agent;

import java.util.concurrent.atomic.AtomicInteger;

import io.quarkiverse.rekuest.Node;

/** Nodes for {@link AgentFuzzTest}: the counter shows what actually ran. */
public class FuzzNodes {

    static final AtomicInteger ADDS = new AtomicInteger();

    @Node
    public int add(int a, int b) {
        ADDS.incrementAndGet();
        return a + b;
    }

    @Node
    public String echo(String text) {
        return text;
    }
}
