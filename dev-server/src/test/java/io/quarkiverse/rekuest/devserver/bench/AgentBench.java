package io.quarkiverse.rekuest.devserver.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.tools.attach.VirtualMachine;

import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.Fixture;
import io.vertx.core.Vertx;

/**
 * The agent benchmark of issue 3 item 10: the same trivial node ({@code add(a, b)}, a blocking node on a worker
 * thread) served by the packaged sample application ({@code integration-tests}, a separate JVM started with
 * {@code java -jar quarkus-run.jar}) and by the dev server bench's minimal raw-websocket agent, in turn, on a fresh
 * embedded server each time, with the same load generator ({@link BenchClient}: GraphQL {@code assign} + one
 * {@code mytasks} subscription) at each concurrency. The difference is the extension's own cost.
 * <p>
 * The application's CPU is its whole process (every thread: event loops, workers, GC, JIT), read over JMX after
 * attaching to it; its heap is measured after a full GC after {@code bench.heapFrom} and {@code bench.heapTo} tasks.
 * Its start is timed from the moment the JVM is launched to the agent's {@code connected} log line (logged on
 * {@code INIT}) and to {@code /q/health/ready} answering UP; RSS is {@code VmRSS} of {@code /proc/<pid>/status}.
 * Not a test: run it with
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl integration-tests -am package -DskipTests
 * ./mvnw -B -ntp -o -pl dev-server -Pbench test-compile exec:exec -Dbench.main=io.quarkiverse.rekuest.devserver.bench.AgentBench
 * </pre>
 */
public final class AgentBench {

    record Result(int round, String target, int concurrency, int tasks, double tasksPerSecond, long p50, long p99,
            long appCpuNanos, double load) {
    }

    record Start(long initMillis, long readyMillis, long rssKb, String quarkusStarted) {
    }

    private final Path app = Path
            .of(System.getProperty("bench.agent.app", "../integration-tests/target/quarkus-app/quarkus-run.jar"));
    private final List<String> appJvmArgs = split(System.getProperty("bench.agent.appJvmArgs", ""));
    private final int tasks = Integer.getInteger("bench.agent.tasks", 30_000);
    private final int tasks1 = Integer.getInteger("bench.agent.tasks1", 5_000);
    private final int warmup = Integer.getInteger("bench.agent.warmup", 20_000);
    private final int heapTo = Integer.getInteger("bench.agent.heapTo", 100_000);
    private final int rounds = Integer.getInteger("bench.agent.rounds", 2);
    private final int starts = Integer.getInteger("bench.agent.starts", 3);
    private final int[] concurrency = Arrays.stream(System.getProperty("bench.concurrency", "1,32").split(","))
            .map(String::trim).mapToInt(Integer::parseInt).toArray();

    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final List<Result> results = new ArrayList<>();
    private final List<Start> startResults = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        new AgentBench().run();
        System.exit(0);
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(app)) {
            throw new IllegalStateException(app.toAbsolutePath() + " does not exist: package the sample application first"
                    + " (./mvnw -B -ntp -o -pl integration-tests -am package -DskipTests)");
        }
        System.out.printf("rekuest agent benchmark%n  bench JVM: JDK %s, %d cores, max heap %d MB; app: %s %s%n"
                + "  per round and target: %d warm-up tasks at c=32 and a quarter of that at c=1, then %d measured at c=1 and %d at"
                + " each higher c;"
                + " load average at start: %.2f%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, app, appJvmArgs, warmup, tasks1, tasks, os.getSystemLoadAverage());

        // start 0 is not counted: it warms the embedded server's code (ensureAgent, implementAgent, REGISTER), as a
        // real server is warm; each start then registers on a fresh server (implementAgent included)
        for (int i = 0; i <= starts; i++) {
            try (Fixture fx = new Fixture(DevServerConfig.builder()); App started = App.start(this, fx, i)) {
                if (i > 0) {
                    startResults.add(started.start);
                }
                System.out.printf("[start %d%s] JVM launch -> INIT %d ms, -> readiness UP %d ms, RSS %d MB (%s); load %.2f%n",
                        i, i == 0 ? ", warm-up, not counted" : "", started.start.initMillis(), started.start.readyMillis(),
                        started.start.rssKb() >> 10,
                        started.start.quarkusStarted(), os.getSystemLoadAverage());
            }
        }

        Vertx clientVertx = NamedVertx.create(LoadBench.CLIENT_THREADS, 1);
        try {
            for (int round = 1; round <= rounds; round++) {
                benchRaw(clientVertx, round);
                benchApp(clientVertx, round);
            }
        } finally {
            clientVertx.close();
        }
        printTable();
    }

    // ------------------------------------------------------------------ the two targets

    private void benchRaw(Vertx clientVertx, int round) throws Exception {
        try (Fixture fx = new Fixture(DevServerConfig.builder())) {
            JsonNode agent = fx.implement(Fixture.AGENT, List.of(Fixture.add()));
            String actionId = agent.get("implementations").get(0).get("action").get("id").asText();
            BenchClient client = new BenchClient(clientVertx, fx.server.config().host(), fx.server.port(), Fixture.AGENT,
                    Fixture.CALLER, actionId, true);
            measure(round, "raw", client, null);
        }
    }

    private void benchApp(Vertx clientVertx, int round) throws Exception {
        try (Fixture fx = new Fixture(DevServerConfig.builder()); App app = App.start(this, fx, 0)) {
            String actionId = null;
            for (JsonNode implementation : fx.graphql(Fixture.CALLER)
                    .data("{ implementations { interface action { id } } }", Map.of()).get("implementations")) {
                if ("add".equals(implementation.get("interface").asText())) {
                    actionId = implementation.get("action").get("id").asText();
                }
            }
            if (actionId == null) {
                throw new IllegalStateException("the application registered no 'add' node");
            }
            BenchClient client = new BenchClient(clientVertx, fx.server.config().host(), fx.server.port(), Fixture.AGENT,
                    Fixture.CALLER, actionId, false);
            measure(round, "quarkus", client, app);
        }
    }

    private void measure(int round, String target, BenchClient client, App app) throws Exception {
        int top = Arrays.stream(concurrency).max().orElse(32);
        client.connect();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        client.run(warmup, top, 600);
        int done = warmup;
        System.out.printf("%n[%s#%d] warm-up: %d tasks at c=%d in %.1f s%n", target, round, warmup, top,
                (System.nanoTime() - t0) / 1e9);
        long heapFrom = 0;
        if (app != null) {
            heapFrom = app.heapAfterGc();
            System.out.printf("[%s#%d] app heap after GC after %d tasks: %.1f MB%n", target, round, done, heapFrom / 1048576.0);
        }
        // the JIT compiles the paths of a lone task too: settle at c=1 before measuring
        int settle = Math.max(100, warmup / 4);
        client.run(settle, 1, 600);
        done += settle;
        for (int c : concurrency) {
            int n = c == 1 ? tasks1 : tasks;
            double load = os.getSystemLoadAverage();
            long cpu = app == null ? 0 : app.processCpu();
            Map<String, Long> threads = app == null ? Map.of() : app.threadCpu();
            BenchClient.Run r = client.run(n, c, 600);
            long appCpu = app == null ? 0 : app.processCpu() - cpu;
            done += n;
            Result result = new Result(round, target, c, n, r.tasksPerSecond(), r.percentile(0.5), r.percentile(0.99),
                    appCpu, load);
            results.add(result);
            System.out.printf("[%s#%d] c=%-3d %6d tasks: %7.0f tasks/s, p50 %6.3f ms, p99 %7.3f ms%s; load %.2f%n", target,
                    round, c, n, r.tasksPerSecond(), r.percentile(0.5) / 1e6, r.percentile(0.99) / 1e6,
                    app == null ? "" : String.format(", app CPU %.1f us/task", appCpu / 1e3 / n), load);
            if (app != null) {
                System.out.printf("[%s#%d]        app threads, us/task: %s%n", target, round, app.threadCpuSince(threads, n));
            }
        }
        if (app != null && heapTo > done) {
            int rest = heapTo - done;
            client.run(rest, top, 600);
            done += rest;
            long heapAt = app.heapAfterGc();
            notes.add(String.format("round %d: app heap after GC: %.1f MB after %d tasks, %.1f MB after %d tasks (%+.1f%%);"
                    + " RSS %d MB", round, heapFrom / 1048576.0, warmup, heapAt / 1048576.0, done,
                    100.0 * (heapAt - heapFrom) / heapFrom, app.rssKb() >> 10));
            System.out.printf("[%s#%d] %s%n", target, round, notes.get(notes.size() - 1));
        }
        client.close();
    }

    private void printTable() {
        String line = "=".repeat(118);
        System.out.printf("%n%s%n", line);
        System.out.printf("%-5s %-8s %4s %7s %9s %9s %9s %14s %14s %14s %6s%n", "round", "target", "c", "tasks", "tasks/s",
                "p50 ms", "p99 ms", "app CPU/task", "p50 - raw", "tasks/s vs raw", "load");
        System.out.println("-".repeat(118));
        for (int c : concurrency) {
            for (Result r : results) {
                if (r.concurrency() != c) {
                    continue;
                }
                Result raw = results.stream().filter(x -> x.round() == r.round() && x.concurrency() == c
                        && x.target().equals("raw")).findFirst().orElse(null);
                boolean app = r.target().equals("quarkus");
                System.out.printf("%-5d %-8s %4d %7d %9.0f %9.3f %9.3f %14s %14s %14s %6.2f%n", r.round(), r.target(), c,
                        r.tasks(), r.tasksPerSecond(), r.p50() / 1e6, r.p99() / 1e6,
                        app ? String.format("%.1f us", r.appCpuNanos() / 1e3 / r.tasks()) : "-",
                        app && raw != null ? String.format("%+.3f ms", (r.p50() - raw.p50()) / 1e6) : "-",
                        app && raw != null ? String.format("%.2fx", r.tasksPerSecond() / raw.tasksPerSecond()) : "-",
                        r.load());
            }
        }
        System.out.println(line);
        notes.forEach(System.out::println);
        for (Start s : startResults) {
            System.out.printf("start: JVM launch -> INIT %d ms, -> readiness UP %d ms, RSS at INIT %d MB (%s)%n",
                    s.initMillis(), s.readyMillis(), s.rssKb() >> 10, s.quarkusStarted());
        }
        System.out.printf("load average at the end: %.2f; app CPU = all threads of the application's JVM (JMX"
                + " getProcessCpuTime), per task; p50 - raw = the application's p50 minus the raw agent's in the same round"
                + "%n", os.getSystemLoadAverage());
    }

    private static List<String> split(String args) {
        return args.isBlank() ? List.of() : List.of(args.trim().split("\\s+"));
    }

    // ------------------------------------------------------------------ the application under test

    /** The packaged sample application, started against a fixture's server, with JMX attached. */
    static final class App implements AutoCloseable {

        final Process process;
        final Start start;
        private final JMXConnector jmx;
        private final com.sun.management.OperatingSystemMXBean os;
        private final MemoryMXBean memory;

        private App(Process process, Start start, JMXConnector jmx) throws IOException {
            this.process = process;
            this.start = start;
            this.jmx = jmx;
            MBeanServerConnection connection = jmx.getMBeanServerConnection();
            this.os = ManagementFactory.newPlatformMXBeanProxy(connection, ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME,
                    com.sun.management.OperatingSystemMXBean.class);
            this.memory = ManagementFactory.newPlatformMXBeanProxy(connection, ManagementFactory.MEMORY_MXBEAN_NAME,
                    MemoryMXBean.class);
        }

        static App start(AgentBench bench, Fixture fx, int index) throws Exception {
            int httpPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                httpPort = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(bench.appJvmArgs);
            command.add("-Dquarkus.rekuest.url=" + fx.server.httpUrl());
            command.add("-Dquarkus.rekuest.token=" + Fixture.AGENT);
            command.add("-Dquarkus.http.port=" + httpPort);
            command.add("-Dquarkus.http.host=127.0.0.1");
            command.add("-jar");
            command.add(bench.app.toAbsolutePath().toString());
            long launched = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            CompletableFuture<Long> init = new CompletableFuture<>();
            CompletableFuture<String> started = new CompletableFuture<>();
            List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String text;
                    while ((text = lines.readLine()) != null) {
                        long now = System.nanoTime();
                        output.add(text);
                        if (text.contains("rekuest agent") && text.contains(" connected")) {
                            init.complete(now);
                        }
                        int at = text.indexOf("started in ");
                        if (at >= 0) {
                            started.complete("Quarkus: " + text.substring(at, Math.min(text.length(), at + 18)).trim());
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                init.completeExceptionally(new IllegalStateException("the application ended: " + output));
            }, "app-output");
            reader.setDaemon(true);
            reader.start();
            long initAt;
            try {
                initAt = init.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IllegalStateException("the application did not connect: " + String.join("\n", output), e);
            }
            // readiness is polled only from INIT on: polling during the start would compete with it for the 2 cores
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            long readyAt = 0;
            long deadline = launched + TimeUnit.SECONDS.toNanos(60);
            while (readyAt == 0 && System.nanoTime() < deadline && process.isAlive()) {
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        readyAt = System.nanoTime();
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(5);
            }
            long rss = rssKb(process.pid());
            Start start = new Start(TimeUnit.NANOSECONDS.toMillis(initAt - launched),
                    readyAt == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(readyAt - launched), rss,
                    started.getNow("Quarkus: ?"));
            VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            return new App(process, start, JMXConnectorFactory.connect(new JMXServiceURL(address)));
        }

        long processCpu() {
            return os.getProcessCpuTime();
        }

        long heapAfterGc() {
            memory.gc();
            memory.gc();
            return memory.getHeapMemoryUsage().getUsed();
        }

        long rssKb() {
            return rssKb(process.pid());
        }

        /**
         * CPU time (ns) of every native thread of the process, grouped by name without numbers, from
         * {@code /proc/<pid>/task/<tid>/stat}: unlike JMX, this sees the JIT compiler and GC threads too (clock ticks,
         * so 10 ms resolution).
         */
        Map<String, Long> threadCpu() {
            Map<String, Long> byName = new HashMap<>();
            long nanosPerTick = 1_000_000_000L / 100; // USER_HZ, 100 on Linux
            try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                        byName.merge(group(name), ticks * nanosPerTick, Long::sum);
                    } catch (IOException | RuntimeException e) {
                        // the thread ended
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
            return byName;
        }

        /** CPU per task of each thread group since {@code before}, largest first. */
        String threadCpuSince(Map<String, Long> before, int tasks) {
            Map<String, Long> now = threadCpu();
            List<Map.Entry<String, Long>> deltas = new ArrayList<>();
            now.forEach((name, cpu) -> deltas.add(Map.entry(name, cpu - before.getOrDefault(name, 0L))));
            deltas.sort(Comparator.comparingLong(e -> -e.getValue()));
            StringBuilder text = new StringBuilder();
            for (Map.Entry<String, Long> e : deltas.subList(0, Math.min(8, deltas.size()))) {
                if (e.getValue() > 0) {
                    text.append(String.format("%s %.1f; ", e.getKey(), e.getValue() / 1e3 / tasks));
                }
            }
            return text.toString().trim();
        }

        /** Thread names without their numbers: vert.x-eventloo (truncated by Linux), GC Thread#*, C2 CompilerThre. */
        private static String group(String name) {
            return name.replaceAll("\\d+", "*");
        }

        static long rssKb(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // not Linux
            }
            return -1;
        }

        @Override
        public void close() throws Exception {
            try {
                jmx.close();
            } catch (IOException e) {
                // the process may be gone
            }
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
