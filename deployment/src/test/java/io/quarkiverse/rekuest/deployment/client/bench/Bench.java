package io.quarkiverse.rekuest.deployment.client.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.runtime.client.RekuestCaller;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The caller benchmark of issue 4 item 8, run by {@link ClientBench#main} (not by surefire: the name does not end with
 * Test). One JVM holds the embedded rekuest server, this application (its agent serves {@link BenchApi#addAsync}) and
 * two callers of that same action, measured in turn:
 * <ul>
 * <li>{@code raw}: GraphQL {@code assign} over Vert.x HTTP and one raw {@code mytasks} subscription ({@link RawCaller},
 * its own identity so that each subscription sees only its own tasks);</li>
 * <li>{@code proxy}: the generated {@code @RekuestClient} proxy ({@code Uni}), i.e. resolution cache, codecs, the
 * SmallRye GraphQL client, the shared subscription and the per-call bookkeeping.</li>
 * </ul>
 * Both go through the same server and the same agent, so the difference of the JVM's CPU time per call is what the
 * proxy adds over the raw path. After the proxy's runs every per-call structure of the caller must be empty.
 */
public class Bench {

    static final String RAW_TOKEN = "raw-caller";
    static final String URL = server();

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(BenchApi.class, BenchNodes.class, RawCaller.class, Run.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:bench")
            .overrideConfigKey("quarkus.rekuest.agent.name", "bench")
            .overrideConfigKey("quarkus.log.level", "WARN")
            .overrideConfigKey("quarkus.http.test-port", "0");

    final int calls = Integer.getInteger("bench.calls", 10_000);
    final int calls1 = Integer.getInteger("bench.calls1", 10_000);
    final int warmup = Integer.getInteger("bench.warmup", 20_000);
    final int rounds = Integer.getInteger("bench.rounds", 3);
    final int[] concurrency = Arrays.stream(System.getProperty("bench.concurrency", "1,32").split(","))
            .map(String::trim).mapToInt(Integer::parseInt).toArray();
    /**
     * Whether the raw caller's identity also holds an agent socket, as the proxy's application does: then the server
     * mirrors both paths' task events to an agent socket (§2.8) and the difference is the proxy's own.
     */
    final boolean rawAgent = Boolean.parseBoolean(System.getProperty("bench.rawAgent", "true"));
    /** Which paths to measure ({@code raw,proxy}); one alone is for profiling that path. */
    final List<String> paths = Arrays.stream(System.getProperty("bench.paths", "raw,proxy").split(","))
            .map(String::trim).toList();

    @Inject
    @RekuestClient
    BenchApi api;

    @Inject
    RekuestCaller caller;

    final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    final List<Result> results = new ArrayList<>();

    record Result(int round, String path, int c, int calls, double seconds, long p50, long p99, long cpuNanos,
            double load) {
        double perSecond() {
            return calls / seconds;
        }

        double cpuMicrosPerCall() {
            return cpuNanos / 1e3 / calls;
        }
    }

    static synchronized String server() {
        String url = System.getProperty("rekuest.bench.server");
        if (url == null) {
            DevServer server = DevServer.start(DevServerConfig.builder().port(0)
                    .staticToken(RAW_TOKEN, new Identity("raw-client", "raw-app", "1.0", "raw", "raw", "dev-org",
                            List.of("openid")))
                    .build());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            url = server.httpUrl();
            System.setProperty("rekuest.bench.server", url);
        }
        return url;
    }

    @Test
    void bench() throws Exception {
        Locale.setDefault(Locale.ROOT);
        System.out.printf("%nrekuest caller benchmark: JDK %s, %d cores, max heap %d MB; %d rounds of %d calls at c=1 and %d"
                + " at each higher c, after %d warm-up calls per path; load average at start %.2f%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, rounds, calls1, calls, warmup, os.getSystemLoadAverage());
        URI uri = URI.create(URL);
        String actionId = actionId();
        Vertx rawVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (RawCaller raw = new RawCaller(rawVertx, uri.getHost(), uri.getPort(), RAW_TOKEN, actionId)) {
            raw.connect();
            if (rawAgent) {
                raw.connectAgentSocket();
            }
            Consumer<Run> rawPath = raw::run;
            Consumer<Run> proxyPath = this::proxy;
            // warm up both paths (JIT, connection pools, the proxy's resolution and subscription)
            run(proxyPath, warmup, 32);
            run(rawPath, warmup, 32);
            run(proxyPath, 500, 1);
            run(rawPath, 500, 1);
            long heapBefore = heapAfterGc();
            int proxyCalls = 0;
            for (int round = 1; round <= rounds; round++) {
                for (int c : concurrency) {
                    int n = c == 1 ? calls1 : calls;
                    if (paths.contains("raw")) {
                        results.add(measure(round, "raw", c, n, rawPath));
                    }
                    if (paths.contains("proxy")) {
                        results.add(measure(round, "proxy", c, n, proxyPath));
                        proxyCalls += n;
                    }
                }
            }
            Map<String, Integer> state = settledState();
            long heapAfter = heapAfterGc();
            printTable();
            System.out.printf("%nafter %d measured proxy calls (%d with warm-up): caller state %s; raw caller leftovers %d;"
                    + " mirrors read by the raw caller's agent socket: %d%s%n", proxyCalls, proxyCalls + warmup + 500, state,
                    raw.leftovers(), raw.mirrors(), rawAgent ? "" : " (bench.rawAgent=false: it has none)");
            System.out.printf("heap used after GC: %.1f MB before the measured rounds, %.1f MB after (the embedded server"
                    + " keeps every task and event in memory, by design: %d more tasks)%n", heapBefore / 1048576.0,
                    heapAfter / 1048576.0, 2 * proxyCalls);
            for (Map.Entry<String, Integer> entry : state.entrySet()) {
                int allowed = entry.getKey().startsWith("resolutions") ? 1 : 0;
                if (entry.getValue() > allowed) {
                    throw new AssertionError("per-call state left behind: " + state);
                }
            }
        } finally {
            rawVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private void proxy(Run r) {
        r.start();
        for (int i = 0; i < r.concurrency; i++) {
            proxyNext(r);
        }
    }

    private void proxyNext(Run r) {
        int call = r.next();
        if (call < 0) {
            return;
        }
        api.addAsync(2, 3).subscribe().with(sum -> {
            if (sum != 5) {
                r.fail(new IllegalStateException("2 + 3 = " + sum));
            } else if (r.done(call, System.nanoTime())) {
                proxyNext(r);
            }
        }, r::fail);
    }

    private Result measure(int round, String path, int c, int n, Consumer<Run> start) throws Exception {
        System.gc();
        double load = os.getSystemLoadAverage();
        Map<String, Long> threads = threadCpu();
        long cpu = processCpu();
        Run r = run(start, n, c);
        Map<String, Long> after = threadCpu();
        Result result = new Result(round, path, c, n, r.seconds(), r.percentile(0.5), r.percentile(0.99),
                processCpu() - cpu, load);
        System.out.printf("[round %d] %-5s c=%-3d %6d calls in %6.2f s: %7.0f calls/s, p50 %6.3f ms, p99 %7.3f ms,"
                + " JVM CPU %6.1f us/call, load %.2f%n", round, path, c, n, result.seconds(), result.perSecond(),
                result.p50() / 1e6, result.p99() / 1e6, result.cpuMicrosPerCall(), load);
        StringBuilder perThread = new StringBuilder();
        after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - threads.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                .forEach(e -> perThread.append(String.format(" %s %.1f", e.getKey(), e.getValue() / 1e3 / n)));
        System.out.printf("          threads (us/call):%s%n", perThread);
        return result;
    }

    private static Run run(Consumer<Run> start, int n, int c) throws Exception {
        Run r = new Run(n, c);
        start.accept(r);
        try {
            return r.finished.get(600, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("stalled: " + r.done + " of " + n + " done");
        }
    }

    /** The caller's per-call state once the last calls' stragglers (timers, unregistering) are through. */
    private Map<String, Integer> settledState() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Map<String, Integer> state = caller.stateSizes();
        while (System.nanoTime() < deadline && state.entrySet().stream()
                .anyMatch(e -> !e.getKey().startsWith("resolutions") && e.getValue() > 0)) {
            Thread.sleep(20);
            state = caller.stateSizes();
        }
        return state;
    }

    private void printTable() {
        String line = "=".repeat(96);
        System.out.printf("%n%s%n%-5s %-6s %4s %7s %9s %9s %9s %14s %7s%n%s%n", line, "round", "path", "c", "calls",
                "calls/s", "p50 ms", "p99 ms", "JVM CPU/call", "load", "-".repeat(96));
        for (int c : concurrency) {
            for (Result r : results) {
                if (r.c() == c) {
                    System.out.printf("%-5d %-6s %4d %7d %9.0f %9.3f %9.3f %11.1f us %7.2f%n", r.round(), r.path(), c,
                            r.calls(), r.perSecond(), r.p50() / 1e6, r.p99() / 1e6, r.cpuMicrosPerCall(), r.load());
                }
            }
        }
        System.out.println(line);
        for (int c : concurrency) {
            double raw = median("raw", c), proxy = median("proxy", c);
            System.out.printf("c=%-3d medians over %d rounds: raw %.1f us, proxy %.1f us of JVM CPU per call (server, agent"
                    + " and caller) -> the proxy adds %.1f us per call (target <= 100 us: %s); calls/s raw %.0f, proxy %.0f%n",
                    c, rounds, raw, proxy, proxy - raw, proxy - raw <= 100 ? "MET" : "NOT MET", medianRate("raw", c),
                    medianRate("proxy", c));
        }
    }

    private double median(String path, int c) {
        return median(results.stream().filter(r -> r.path().equals(path) && r.c() == c)
                .mapToDouble(Result::cpuMicrosPerCall).sorted().toArray());
    }

    private double medianRate(String path, int c) {
        return median(results.stream().filter(r -> r.path().equals(path) && r.c() == c)
                .mapToDouble(Result::perSecond).sorted().toArray());
    }

    private static double median(double[] values) {
        return values.length == 0 ? 0
                : values.length % 2 == 1 ? values[values.length / 2]
                        : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private String actionId() throws Exception {
        String body = "{\"query\":\"query { action(matching: {key: \\\"add_async\\\", app: \\\"bench\\\"}) { id } }\"}";
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            java.net.http.HttpResponse<String> response = http.send(
                    java.net.http.HttpRequest.newBuilder(URI.create(URL + "/graphql"))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + RAW_TOKEN)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            JsonNode id = new ObjectMapper().readTree(response.body()).path("data").path("action").path("id");
            if (id.isTextual()) {
                return id.asText();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent did not declare add_async: " + response.body());
            }
            Thread.sleep(100);
        }
    }

    /** CPU time of the live threads, by name with the trailing number dropped. */
    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                long time = mx.getThreadCpuTime(info.getThreadId());
                if (time > 0) {
                    cpu.merge(info.getThreadName().replaceAll("[-_ #]*\\d+$", ""), time, Long::sum);
                }
            }
        }
        return cpu;
    }

    private long processCpu() {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** One closed-loop run: {@code concurrency} calls in flight until {@code calls} are done. */
    static final class Run {
        final int calls;
        final int concurrency;
        final long[] starts;
        final long[] latencies;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final CompletableFuture<Run> finished = new CompletableFuture<>();
        volatile long startNanos;
        volatile long endNanos;

        Run(int calls, int concurrency) {
            this.calls = calls;
            this.concurrency = concurrency;
            this.starts = new long[calls];
            this.latencies = new long[calls];
        }

        void start() {
            startNanos = System.nanoTime();
        }

        /** The next call's index (its start time taken), or -1 when all were sent. */
        int next() {
            int call = sent.getAndIncrement();
            if (call >= calls || finished.isDone()) {
                return -1;
            }
            starts[call] = System.nanoTime();
            return call;
        }

        /** Records a finished call; whether another one may start. */
        boolean done(int call, long nowNanos) {
            latencies[call] = nowNanos - starts[call];
            if (done.incrementAndGet() == calls) {
                endNanos = nowNanos;
                finished.complete(this);
                return false;
            }
            return true;
        }

        void fail(Throwable failure) {
            finished.completeExceptionally(failure);
        }

        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        long percentile(double q) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
        }
    }
}
