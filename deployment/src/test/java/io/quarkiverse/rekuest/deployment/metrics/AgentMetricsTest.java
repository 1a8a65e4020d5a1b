package io.quarkiverse.rekuest.deployment.metrics;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteFailedException;
import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code quarkus-micrometer}: tasks run by the agent (completed, failed, critical, cancelled), calls made through
 * a {@code @RekuestClient} proxy and the {@code Rekuest} API, frames and a reconnect, then the registry is read.
 */
public class AgentMetricsTest {

    static final String URL = TestServer.url("metrics");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(MetricsApi.class, MetricsNodes.class, MetricsRegistry.class,
                    TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:metrics")
            .overrideConfigKey("quarkus.rekuest.agent.name", "metrics")
            .overrideConfigKey("quarkus.micrometer.binder-enabled-default", "false")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @Inject
    SimpleMeterRegistry registry;

    @Inject
    @RekuestClient
    MetricsApi api;

    @Inject
    Rekuest rekuest;

    GraphQLCaller caller = new GraphQLCaller(URL + "/graphql", "dev-token");

    @Test
    void tasksCallsFramesAndReconnectsAreMeasured() throws Exception {
        assertTrue(agent.isConnected());
        Map<String, String> implementations = caller.implementations(agent.agentId());
        // every node has its started counter and in-flight gauge at zero before it ran
        assertEquals(0, counter("rekuest.agent.tasks.started", "node", "crash"));
        assertEquals(0, gauge("rekuest.agent.tasks.active", "node", "slow_uni"));

        // tasks assigned by another caller
        caller.awaitDone(caller.assign(implementations.get("square"), Map.of("x", 3)));
        caller.awaitDone(caller.assign(implementations.get("square"), Map.of("x", 4)));
        caller.awaitDone(caller.assign(implementations.get("refuse"), Map.of("why", "no")));
        caller.awaitDone(caller.assign(implementations.get("crash"), Map.of()));
        String slow = caller.assign(implementations.get("slow_uni"), Map.of());
        await(() -> gauge("rekuest.agent.tasks.active", "node", "slow_uni") == 1, "the slow task is in flight");
        caller.control("cancel", slow);
        caller.awaitDone(slow);

        // calls through the proxy and the dynamic API (served by this application's own agent)
        assertEquals(25, api.square(5));
        assertThrows(RemoteFailedException.class, () -> api.refuse("later"));
        assertEquals(49, ((Number) rekuest.use("square").call(7)).intValue());

        assertEquals(4, counter("rekuest.agent.tasks.started", "node", "square"), this::dump);
        assertEquals(4, counter("rekuest.agent.tasks.finished", "node", "square", "outcome", "completed"), this::dump);
        assertEquals(2, counter("rekuest.agent.tasks.finished", "node", "refuse", "outcome", "failed"), this::dump);
        assertEquals(1, counter("rekuest.agent.tasks.finished", "node", "crash", "outcome", "critical"), this::dump);
        assertEquals(1, counter("rekuest.agent.tasks.finished", "node", "slow_uni", "outcome", "cancelled"), this::dump);
        assertEquals(0, gauge("rekuest.agent.tasks.active", "node", "square"), this::dump);
        assertEquals(0, gauge("rekuest.agent.tasks.active", "node", "slow_uni"), this::dump);

        Timer squares = registry.find("rekuest.agent.task.duration").tags("node", "square", "outcome", "completed").timer();
        assertNotNull(squares, this::dump);
        assertEquals(4, squares.count());
        assertTrue(squares.totalTime(TimeUnit.NANOSECONDS) > 0);
        Timer cancelled = registry.find("rekuest.agent.task.duration").tags("node", "slow_uni", "outcome", "cancelled")
                .timer();
        assertNotNull(cancelled, this::dump);
        assertTrue(cancelled.totalTime(TimeUnit.MILLISECONDS) >= 0);

        Timer calls = registry.find("rekuest.client.calls").tags("action", "square", "outcome", "completed").timer();
        assertNotNull(calls, this::dump);
        assertEquals(2, calls.count(), "one through the proxy, one through the dynamic API");
        Timer failedCalls = registry.find("rekuest.client.calls").tags("action", "refuse", "outcome", "failed").timer();
        assertNotNull(failedCalls, this::dump);
        assertEquals(1, failedCalls.count());
        assertEquals(0, gauge("rekuest.client.calls.active"), this::dump);

        assertTrue(counter("rekuest.agent.frames", "direction", "in") >= 7, this::dump);
        assertTrue(counter("rekuest.agent.frames", "direction", "out") >= 7, this::dump);
        assertEquals(1, gauge("rekuest.agent.connected"), this::dump);
        await(() -> gauge("rekuest.agent.reports.unconfirmed") == 0, "every report confirmed");

        // the server drops the connection: one reconnect, given up by the agent (BOUNCE: -1)
        caller.bounce(agent.agentId());
        await(() -> registry.find("rekuest.agent.reconnects").counter() != null, "a reconnect counted");
        assertEquals(1, counter("rekuest.agent.reconnects", "code", "-1"), this::dump);
        await(agent::isConnected, "the agent reconnected");
    }

    double counter(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        assertNotNull(counter, () -> name + " " + String.join(",", tags) + " in " + dump());
        return counter.count();
    }

    double gauge(String name, String... tags) {
        Gauge gauge = registry.find(name).tags(tags).gauge();
        assertNotNull(gauge, () -> name + " " + String.join(",", tags) + " in " + dump());
        return gauge.value();
    }

    String dump() {
        StringBuilder text = new StringBuilder();
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().startsWith("rekuest.")) {
                text.append('\n').append(meter.getId()).append(' ');
                meter.measure().forEach(m -> text.append(m.getStatistic()).append('=').append(m.getValue()).append(' '));
            }
        }
        return text.toString();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
