package io.quarkiverse.rekuest.runtime.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * The Micrometer meters of the agent and the caller. Registered as a bean by the extension only when the application
 * has {@code quarkus-micrometer}: this is the only class that refers to Micrometer, and nothing loads it otherwise.
 * Meters go to the global registry, as Quarkus's own binders do, so every registry the application has gets them.
 * <p>
 * Meters are looked up once per node, action and outcome and kept: recording a task or a call is two map reads, a
 * counter increment and a timer record, without allocation. See the observability page of the docs for the names.
 */
@Singleton
public class RekuestMetrics implements RekuestEvents {

    public static final String TASKS_STARTED = "rekuest.agent.tasks.started";
    public static final String TASKS_FINISHED = "rekuest.agent.tasks.finished";
    public static final String TASK_DURATION = "rekuest.agent.task.duration";
    public static final String TASKS_ACTIVE = "rekuest.agent.tasks.active";
    public static final String FRAMES = "rekuest.agent.frames";
    public static final String RECONNECTS = "rekuest.agent.reconnects";
    public static final String REPORTS_UNCONFIRMED = "rekuest.agent.reports.unconfirmed";
    public static final String CONNECTED = "rekuest.agent.connected";
    public static final String CALLS = "rekuest.client.calls";
    public static final String CALLS_ACTIVE = "rekuest.client.calls.active";

    private final MeterRegistry registry;
    private final Instance<RekuestAgent> agent;
    private final Instance<NodeRegistry> nodes;
    private final RekuestConfig config;

    private final Map<String, NodeMeters> byNode = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Timer>> byAction = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> reconnects = new ConcurrentHashMap<>();
    private final Counter framesIn;
    private final Counter framesOut;
    private final AtomicInteger callsActive = new AtomicInteger();

    @Inject
    public RekuestMetrics(Instance<RekuestAgent> agent, Instance<NodeRegistry> nodes, RekuestConfig config) {
        this(Metrics.globalRegistry, agent, nodes, config);
    }

    RekuestMetrics(MeterRegistry registry, Instance<RekuestAgent> agent, Instance<NodeRegistry> nodes,
            RekuestConfig config) {
        this.registry = registry;
        this.agent = agent;
        this.nodes = nodes;
        this.config = config;
        this.framesIn = Counter.builder(FRAMES).description("Frames received on the agent socket")
                .tag("direction", "in").register(registry);
        this.framesOut = Counter.builder(FRAMES).description("Frames written to the agent socket")
                .tag("direction", "out").register(registry);
        Gauge.builder(CALLS_ACTIVE, callsActive, AtomicInteger::get)
                .description("Calls through @RekuestClient proxies and the Rekuest API in flight").register(registry);
    }

    /**
     * At start: the agent's gauges, when it runs, and the counters of every node at zero (so that a rate of a node that
     * has not run yet is 0, not absent).
     */
    void onStart(@Observes StartupEvent event) {
        if (!config.agent().enabled() || !nodes.isResolvable() || nodes.get().nodes().isEmpty()) {
            return;
        }
        for (RegisteredNode node : nodes.get().nodes()) {
            node(node.metadata().interfaceName());
        }
        RekuestAgent theAgent = agent.get();
        Gauge.builder(REPORTS_UNCONFIRMED, theAgent, RekuestAgent::unconfirmedReports)
                .description("Reports of the agent the server has not confirmed yet (sent or waiting)")
                .strongReference(true).register(registry);
        Gauge.builder(CONNECTED, theAgent, a -> a.isConnected() ? 1 : 0)
                .description("1 while the agent is registered and connected (after INIT), else 0")
                .strongReference(true).register(registry);
    }

    // =================================================================== agent

    @Override
    public long taskStarted(String node) {
        NodeMeters meters = node(node);
        meters.started.increment();
        meters.active.incrementAndGet();
        return System.nanoTime();
    }

    @Override
    public void taskFinished(String node, String outcome, long started) {
        long elapsed = System.nanoTime() - started;
        NodeMeters meters = node(node);
        meters.active.decrementAndGet();
        meters.finished(outcome).increment();
        meters.duration(outcome).record(elapsed, TimeUnit.NANOSECONDS);
    }

    @Override
    public void frameReceived() {
        framesIn.increment();
    }

    @Override
    public void frameSent() {
        framesOut.increment();
    }

    @Override
    public void connectionLost(int code) {
        reconnects.computeIfAbsent(code, c -> Counter.builder(RECONNECTS)
                .description("Established agent connections that ended, by close code (-1: given up by the agent);"
                        + " the agent reconnects after each unless the code is final")
                .tag("code", Integer.toString(c)).register(registry)).increment();
    }

    private NodeMeters node(String node) {
        NodeMeters meters = byNode.get(node);
        return meters != null ? meters : byNode.computeIfAbsent(node, n -> new NodeMeters(registry, n));
    }

    /** The meters of one node: fixed ones made at once, those of an outcome on its first task. */
    private static final class NodeMeters {
        final MeterRegistry registry;
        final String node;
        final Counter started;
        final AtomicInteger active = new AtomicInteger();
        final Map<String, Counter> finished = new ConcurrentHashMap<>();
        final Map<String, Timer> durations = new ConcurrentHashMap<>();

        NodeMeters(MeterRegistry registry, String node) {
            this.registry = registry;
            this.node = node;
            this.started = Counter.builder(TASKS_STARTED).description("Tasks the agent took to run")
                    .tag("node", node).register(registry);
            Gauge.builder(TASKS_ACTIVE, active, AtomicInteger::get).description("Tasks the agent is running")
                    .tag("node", node).register(registry);
        }

        Counter finished(String outcome) {
            Counter counter = finished.get(outcome);
            return counter != null ? counter
                    : finished.computeIfAbsent(outcome, o -> Counter.builder(TASKS_FINISHED)
                            .description("Tasks the agent ran that ended (their terminal report is queued)")
                            .tags(Tags.of("node", node, "outcome", o)).register(registry));
        }

        Timer duration(String outcome) {
            Timer timer = durations.get(outcome);
            return timer != null ? timer
                    : durations.computeIfAbsent(outcome, o -> Timer.builder(TASK_DURATION)
                            .description("How long tasks ran, from the ASSIGN taken to the terminal report queued")
                            .tags(Tags.of("node", node, "outcome", o))
                            .publishPercentileHistogram()
                            .register(registry));
        }
    }

    // =================================================================== caller

    @Override
    public long callStarted(String action) {
        callsActive.incrementAndGet();
        return System.nanoTime();
    }

    @Override
    public void callFinished(String action, String outcome, long started) {
        long elapsed = System.nanoTime() - started;
        callsActive.decrementAndGet();
        Map<String, Timer> timers = byAction.get(action);
        if (timers == null) {
            timers = byAction.computeIfAbsent(action, a -> new ConcurrentHashMap<>());
        }
        Timer timer = timers.get(outcome);
        if (timer == null) {
            timer = timers.computeIfAbsent(outcome, o -> Timer.builder(CALLS)
                    .description("Calls through @RekuestClient proxies and the Rekuest API, from the call to its end"
                            + " (retries included)")
                    .tags(Tags.of("action", action, "outcome", o))
                    .publishPercentileHistogram()
                    .register(registry));
        }
        timer.record(elapsed, TimeUnit.NANOSECONDS);
    }
}
