package io.quarkiverse.rekuest.devserver.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.Fixture;
import io.vertx.core.Vertx;

/**
 * The load benchmark of issue 2 item 5: N {@code assign}s through a minimal raw agent and one {@code mytasks}
 * subscription, against the dev server and against the transport floor ({@link FloorServer}: the same frames over
 * plain Vert.x, no GraphQL engine, no store), at each concurrency (tasks in flight). Not a test: run it with
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl dev-server -Pbench test-compile exec:exec
 * </pre>
 *
 * System properties (the {@code bench} profile passes the Maven properties of the same names):
 * {@code bench.tasks} (measured tasks at each concurrency above 1), {@code bench.tasks1} (measured tasks at
 * concurrency 1), {@code bench.warmup} (warm-up tasks per target, at the highest concurrency),
 * {@code bench.concurrency} (e.g. {@code 1,32}), {@code bench.targets} ({@code floor,dev}), {@code bench.rounds}
 * (the targets are measured in turn this many times, each time on a fresh server and a warm JIT, to see the noise of
 * a shared machine), {@code bench.dump} (print one sample of every frame).
 * <p>
 * CPU per task is the CPU time of the server's own threads (ThreadMXBean): {@code vert.x-*} for the dev server,
 * {@code floor-vert.x-*} for the floor; the client's threads are {@code bench-client-vert.x-*} and are reported
 * apart. Heap is the JVM's heap used after a full GC, with client and servers in this one JVM.
 */
public final class LoadBench {

    static final String DEV_THREADS = "vert.x-";
    static final String CLIENT_THREADS = "bench-client-";

    record Result(int round, String target, int concurrency, int tasks, double seconds, double tasksPerSecond, long p50,
            long p99,
            long serverCpuNanos, long clientCpuNanos, long processCpuNanos, double loadBefore, double loadAfter) {
    }

    private final int tasks = Integer.getInteger("bench.tasks", 60_000);
    private final int tasks1 = Integer.getInteger("bench.tasks1", 15_000);
    private final int warmup = Integer.getInteger("bench.warmup", 30_000);
    private final int[] concurrency = Arrays.stream(System.getProperty("bench.concurrency", "1,32").split(","))
            .map(String::trim).mapToInt(Integer::parseInt).toArray();
    private final List<String> targets = List.of(System.getProperty("bench.targets", "floor,dev").split(","));
    private final boolean dump = Boolean.getBoolean("bench.dump");
    private final int rounds = Integer.getInteger("bench.rounds", 2);
    private int round;
    /** The dev server's default: one event loop per core, at most two (DevServerConfig). */
    private final int eventLoops = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private final List<Result> results = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        new LoadBench().run();
        System.exit(0);
    }

    private void run() throws Exception {
        int maxConcurrency = Arrays.stream(concurrency).max().orElse(32);
        System.out.printf("rekuest dev-server load benchmark%n  JDK %s (%s), %d cores, GC %s, max heap %d MB%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), gcNames(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("  per target: %d warm-up tasks at c=%d, then %d measured tasks at c=1 and %d at each higher c;"
                + " server event loops: %d; system load average at start: %.2f%n",
                warmup, maxConcurrency, tasks1, tasks, eventLoops, os.getSystemLoadAverage());
        if (!ThreadCpu.supported()) {
            System.out.println("  (thread CPU time is not supported by this JVM: CPU columns will be 0)");
        }
        Vertx clientVertx = NamedVertx.create(CLIENT_THREADS, 1);
        try {
            for (round = 1; round <= rounds; round++) {
                for (String target : targets) {
                    switch (target.trim()) {
                        case "floor" -> benchFloor(clientVertx, maxConcurrency);
                        case "dev" -> benchDev(clientVertx, maxConcurrency);
                        default -> throw new IllegalArgumentException("unknown target " + target);
                    }
                }
            }
        } finally {
            clientVertx.close();
        }
        printTable();
    }

    private void benchFloor(Vertx clientVertx, int maxConcurrency) throws Exception {
        try (FloorServer floor = new FloorServer(eventLoops)) {
            BenchClient client = new BenchClient(clientVertx, "127.0.0.1", floor.port(), Fixture.AGENT, Fixture.CALLER, "1");
            measure("floor", FloorServer.THREAD_PREFIX, client, maxConcurrency);
        }
    }

    private void benchDev(Vertx clientVertx, int maxConcurrency) throws Exception {
        long heapBefore = heapAfterGc();
        try (Fixture fx = new Fixture(DevServerConfig.builder())) {
            JsonNode agent = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
            String actionId = agent.get("implementations").get(0).get("action").get("id").asText();
            BenchClient client = new BenchClient(clientVertx, fx.server.config().host(), fx.server.port(), Fixture.AGENT,
                    Fixture.CALLER, actionId);
            int stored = measure("dev", DEV_THREADS, client, maxConcurrency);
            long heapAfter = heapAfterGc();
            notes.add(String.format(
                    "round %d: dev server heap after GC: %.1f MB with %d tasks stored (%.0f bytes per stored task;"
                            + " the in-memory store keeps every task and event, by design); before starting it: %.1f MB",
                    round, heapAfter / 1048576.0, stored, (heapAfter - heapBefore) / (double) stored, heapBefore / 1048576.0));
        }
    }

    /** Connects, warms up, measures every concurrency; returns how many tasks the target handled. */
    private int measure(String target, String serverThreads, BenchClient client, int maxConcurrency) throws Exception {
        target = target + "#" + round;
        System.out.printf("%n[%s] server threads: %s%n", target, ThreadCpu.describe(serverThreads));
        client.connect();
        Thread.sleep(300); // let the server register the subscription before the first assign
        int handled = 0;
        long t0 = System.nanoTime();
        client.run(warmup, maxConcurrency, 600);
        handled += warmup;
        int settle = Math.min(2_000, Math.max(100, warmup / 10));
        client.run(settle, 1, 600);
        handled += settle;
        System.out.printf("[%s] warm-up: %d tasks at c=%d + %d at c=1 in %.1f s%n", target, warmup, maxConcurrency, settle,
                (System.nanoTime() - t0) / 1e9);
        for (int c : concurrency) {
            int n = c == 1 ? tasks1 : tasks;
            System.gc();
            double loadBefore = os.getSystemLoadAverage();
            ThreadCpu server = ThreadCpu.snapshot(serverThreads);
            ThreadCpu clientCpu = ThreadCpu.snapshot(CLIENT_THREADS);
            long process = processCpu();
            BenchClient.Run r = client.run(n, c, 600);
            Result result = new Result(round, target.substring(0, target.indexOf('#')), c, n, r.seconds(), r.tasksPerSecond(),
                    r.percentile(0.50),
                    r.percentile(0.99), server.since(), clientCpu.since(), processCpu() - process, loadBefore,
                    os.getSystemLoadAverage());
            handled += n;
            results.add(result);
            System.out.printf("[%s] c=%-3d %7d tasks in %6.2f s: %8.0f tasks/s, p50 %7.3f ms, p99 %7.3f ms,"
                    + " server CPU %6.1f us/task%n", target, c, n, r.seconds(), r.tasksPerSecond(), r.percentile(0.5) / 1e6,
                    r.percentile(0.99) / 1e6, result.serverCpuNanos() / 1e3 / n);
            System.out.printf("[%s]        server threads: %s; client: %s%n", target, server.perThread(),
                    clientCpu.perThread());
        }
        System.out.printf("[%s] frames (last of each kind, bytes):%n", target);
        for (BenchClient.Frame frame : round == 1 ? BenchClient.Frame.values() : new BenchClient.Frame[0]) {
            System.out.printf("    %-40s %5d%n", frame.label, client.sizes[frame.ordinal()]);
            if (dump) {
                System.out.printf("        %s%n", client.samples[frame.ordinal()]);
            }
        }
        System.out.printf("[%s] heap used after GC: %.1f MB; EVENT_ACKs: %d; heartbeats answered: %d%n", target,
                heapAfterGc() / 1048576.0, client.eventAcks, client.heartbeats);
        client.close();
        return handled;
    }

    private void printTable() {
        int top = Arrays.stream(concurrency).max().orElse(32);
        String line = "=".repeat(122);
        System.out.printf("%n%s%n", line);
        System.out.printf("%-5s %-6s %4s %7s %9s %9s %9s %13s %13s %13s %9s %6s%n", "round", "target", "c", "tasks",
                "tasks/s", "p50 ms", "p99 ms", "srv CPU/task", "cli CPU/task", "proc CPU/task", "vs floor", "load");
        System.out.println("-".repeat(122));
        for (int c : concurrency) {
            for (Result r : results) {
                if (r.concurrency() != c) {
                    continue;
                }
                Result floor = find(r.round(), "floor", c);
                String ratio = floor == null ? "-" : String.format("%.2fx", r.tasksPerSecond() / floor.tasksPerSecond());
                System.out.printf("%-5d %-6s %4d %7d %9.0f %9.3f %9.3f %10.1f us %10.1f us %10.1f us %9s %6.2f%n",
                        r.round(), r.target(), c, r.tasks(), r.tasksPerSecond(), r.p50() / 1e6, r.p99() / 1e6,
                        r.serverCpuNanos() / 1e3 / r.tasks(), r.clientCpuNanos() / 1e3 / r.tasks(),
                        r.processCpuNanos() / 1e3 / r.tasks(), ratio, r.loadBefore());
            }
        }
        System.out.println(line);
        System.out.printf("JDK %s, %d cores. Warm-up: %d tasks per target and round at c=%d, plus %d at c=1. srv = the"
                + " server's own threads (dev: vert.x-*, floor: floor-vert.x-*); cli = the load generator's thread;"
                + " proc = the whole JVM (client, servers, GC, JIT). load = 1-minute load average when the phase started."
                + "%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), warmup, top,
                Math.min(2_000, Math.max(100, warmup / 10)));
        notes.forEach(System.out::println);
        for (int c : concurrency) {
            double bestDev = best("dev", c), bestFloor = best("floor", c);
            if (bestDev > 0 && bestFloor > 0) {
                System.out.printf("c=%-3d best of %d rounds: dev %.0f tasks/s, floor %.0f tasks/s -> %.2fx%s%n", c, rounds,
                        bestDev, bestFloor, bestDev / bestFloor,
                        c == top ? (bestDev / bestFloor >= 0.7 ? "  (target >= 0.70x: MET)" : "  (target >= 0.70x: NOT MET)")
                                : "");
            }
            double devCpu = medianProcessCpu("dev", c), floorCpu = medianProcessCpu("floor", c);
            if (devCpu > 0 && floorCpu > 0 && c == top) { // at c=1 the run is latency-bound, not CPU-bound
                System.out.printf("c=%-3d CPU-bound estimate (floor / dev JVM CPU per task, medians over rounds): %.1f us /"
                        + " %.1f us -> %.2fx (what the tasks/s ratio tends to when the cores are saturated)%n", c,
                        floorCpu / 1e3, devCpu / 1e3, floorCpu / devCpu);
            }
        }
    }

    /** The median over rounds of the JVM's CPU time per task (client, server, GC and JIT), in nanoseconds. */
    private double medianProcessCpu(String target, int c) {
        double[] cpu = results.stream().filter(r -> r.target().equals(target) && r.concurrency() == c)
                .mapToDouble(r -> r.processCpuNanos() / (double) r.tasks()).sorted().toArray();
        return cpu.length == 0 ? 0
                : cpu.length % 2 == 1 ? cpu[cpu.length / 2]
                        : (cpu[cpu.length / 2 - 1] + cpu[cpu.length / 2]) / 2;
    }

    private double best(String target, int c) {
        return results.stream().filter(r -> r.target().equals(target) && r.concurrency() == c)
                .mapToDouble(Result::tasksPerSecond).max().orElse(0);
    }

    private Result find(int round, String target, int c) {
        return results.stream().filter(r -> r.round() == round && r.target().equals(target) && r.concurrency() == c)
                .findFirst().orElse(null);
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private long processCpu() {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static String gcNames() {
        return String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }
}
