package io.quarkiverse.rekuest.deployment.platform.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.LiveState;
import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state benchmark, run by {@link StateBenchMain} (not by surefire: the name does not end with Test). One JVM holds
 * the embedded server (each state frame costing its consumer {@code bench.state.cost}, 20 ms by default, as on a real
 * v2.2.0) and this application. A driver thread changes one state {@code bench.state.rate} times a second (10000) for
 * {@code bench.state.seconds} (20), in two phases measured alike:
 * <ul>
 * <li>{@code baseline}: the same loop writing a plain {@code AtomicReference};</li>
 * <li>{@code state}: the loop writing the {@code LiveState}: every change published, coalesced by the agent.</li>
 * </ul>
 * The difference of the process CPU time (every thread, the server's included) over the wall time is the state's
 * cost in cores. Also printed: the patches and snapshots sent per second, and that the server ends with the last
 * value.
 */
public class StateBench {

    static final String URL = server();

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(StateBenchNodes.class, StateBenchNodes.Position.class,
                    GraphQLCaller.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:statebench")
            .overrideConfigKey("quarkus.rekuest.agent.name", "statebench")
            .overrideConfigKey("quarkus.log.level", "WARN")
            .overrideConfigKey("quarkus.http.test-port", "0");

    static synchronized String server() {
        String url = System.getProperty("rekuest.statebench.server");
        if (url == null) {
            DevServer server = DevServer.start(DevServerConfig.builder().port(0)
                    .reportCost(Duration.ofMillis(Long.getLong("bench.state.cost", 20)))
                    .build());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            url = server.httpUrl();
            System.setProperty("rekuest.statebench.server", url);
        }
        return url;
    }

    @Inject
    RekuestAgent agent;

    @Inject
    LiveState<StateBenchNodes.Position> position;

    @Test
    void run() throws Exception {
        int rate = Integer.getInteger("bench.state.rate", 10_000);
        int seconds = Integer.getInteger("bench.state.seconds", 20);
        AtomicReference<StateBenchNodes.Position> plain = new AtomicReference<>(new StateBenchNodes.Position(0, 0, 0, 0));
        // warm-up of both paths
        drive("warm-up", rate, 3, frame -> plain.set(new StateBenchNodes.Position(frame, frame, frame, frame)));
        drive("warm-up", rate, 3, frame -> position.set(new StateBenchNodes.Position(frame, frame, frame, frame)));
        Thread.sleep(2000);

        Phase baseline = drive("baseline", rate, seconds,
                frame -> plain.set(new StateBenchNodes.Position(frame * 0.5, frame, -frame, frame)));
        long patches0 = agent.statePublisher().patchesSent();
        long snapshots0 = agent.statePublisher().snapshotsSent();
        Phase state = drive("state", rate, seconds,
                frame -> position.set(new StateBenchNodes.Position(frame * 0.5, frame, -frame, frame)));
        long patches = agent.statePublisher().patchesSent() - patches0;
        long snapshots = agent.statePublisher().snapshotsSent() - snapshots0;

        // the server ends with the last value
        GraphQLCaller caller = new GraphQLCaller(URL + "/graphql", "dev-token");
        String stateId = caller.data("query($id: ID!){ agent(id:$id){ states { id } } }", Map.of("id", agent.agentId()))
                .get("agent").get("states").get(0).get("id").asText();
        long last = position.get().frame();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode value;
        do {
            Thread.sleep(50);
            value = caller.data("query($s: ID!){ checkout(state:$s){ value } }", Map.of("s", stateId)).get("checkout")
                    .get("value");
        } while (value.get("frame").asLong() != last && System.nanoTime() < deadline);
        assertEquals(last, value.get("frame").asLong(), "the server ends with the last value");

        double extraCores = (state.cpuNanos - baseline.cpuNanos) / (double) state.wallNanos;
        System.out.printf(Locale.ROOT, "%nstate benchmark: %d changes/s for %d s, server cost %d ms per frame, %d cores%n",
                rate, seconds, Long.getLong("bench.state.cost", 20), Runtime.getRuntime().availableProcessors());
        for (Phase phase : List.of(baseline, state)) {
            System.out.printf(Locale.ROOT, "  %-8s %8d changes in %6.2f s, process CPU %6.3f cores%n", phase.name,
                    phase.changes, phase.wallNanos / 1e9, phase.cpuNanos / (double) phase.wallNanos);
        }
        System.out.printf(Locale.ROOT, "  state costs %.3f cores (%.1f %% of one core); %d patches (%.1f/s), %d snapshots"
                + " for %d changes (%.0f changes per patch)%n", extraCores, extraCores * 100, patches,
                patches / (state.wallNanos / 1e9), snapshots, state.changes, state.changes / (double) Math.max(1, patches));
        assertTrue(agent.isConnected(), "the agent stayed connected: " + agent.closeCodes());
    }

    interface Change {
        void apply(long frame);
    }

    record Phase(String name, long changes, long wallNanos, long cpuNanos) {
    }

    private static Phase drive(String name, int rate, int seconds, Change change) throws InterruptedException {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        int perTick = Math.max(1, rate / 1000); // a batch every millisecond
        long ticks = seconds * 1000L;
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        long frame = 0;
        for (long tick = 0; tick < ticks; tick++) {
            for (int i = 0; i < perTick; i++) {
                change.apply(++frame);
            }
            long next = start + (tick + 1) * 1_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            }
        }
        long wall = System.nanoTime() - start;
        return new Phase(name, frame, wall,
                os.getProcessCpuTime() - cpu0);
    }
}
