package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteAction;
import io.quarkiverse.rekuest.Spread;
import io.quarkiverse.rekuest.test.FakeAction;
import io.quarkiverse.rekuest.test.FakeAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three replicas of the application {@code replicated}, each a {@link FakeAgent} with an OAuth client identity of its
 * own, serve the idempotent action {@code work} on the embedded server ({@link ReplicaServer}). The server assigns an
 * action to its first available implementation; {@code @RemoteAction(spread = ...)} makes the caller spread its calls
 * by implementation id and move an idempotent call off a lost replica. Every count comes from the server's task table.
 */
@QuarkusTest
@DisabledIfSystemProperty(named = "quarkus.rekuest.url", matches = ".+", disabledReason = "conformance: starts replicas with dev tokens of its own server and kills one")
@DisabledIfEnvironmentVariable(named = "REKUEST_URL", matches = ".+", disabledReason = "conformance: starts replicas with dev tokens of its own server and kills one")
@TestProfile(ReplicaServer.Profile.class)
@Timeout(120)
class ReplicasTest {

    /** The arguments of the one-off assigns made over GraphQL: one quick step. */
    private static final Map<String, Object> WORK_ARGS = Map.of("n", 1, "millis", 1);

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Fresh identities for every test: a dead replica's re-queued tasks must not reach the next test's replicas. */
    private static final AtomicInteger NEXT_IDENTITY = new AtomicInteger();

    /** The server's rule (the configured default, first-available). */
    @RemoteAction(app = ReplicaServer.APP)
    public interface Replicated {
        Uni<Integer> work(int n, int millis);
    }

    @RemoteAction(app = ReplicaServer.APP, spread = Spread.ROUND_ROBIN)
    public interface RoundRobin {
        Uni<Integer> work(int n, int millis);
    }

    @RemoteAction(app = ReplicaServer.APP, spread = Spread.LEAST_BUSY)
    public interface LeastBusy {
        Uni<Integer> work(int n, int millis);
    }

    @Inject
    @RekuestClient
    Replicated firstAvailable;

    @Inject
    @RekuestClient
    RoundRobin roundRobin;

    @Inject
    @RekuestClient
    LeastBusy leastBusy;

    @Inject
    Rekuest rekuest;

    @Inject
    io.quarkiverse.rekuest.runtime.client.RekuestCaller calls;

    private final GraphQLCaller server = GraphQLCaller.ofServer(url(), "dev:rekuest-replicas-tester");
    private final List<FakeAgent> replicas = new ArrayList<>();
    private final List<String> agentIds = new ArrayList<>();
    /** How long {@code work} takes on each replica: {@code millis} times this factor. */
    private final int[] slowness = { 1, 1, 1 };

    private static String url() {
        return ConfigProvider.getConfig().getValue("quarkus.rekuest.url", String.class);
    }

    @BeforeEach
    void startThreeReplicas() {
        for (int i = 0; i < 3; i++) {
            int index = i;
            String token = ReplicaServer.token(NEXT_IDENTITY.incrementAndGet());
            // named after its token, as each replica is an identity of its own on the server
            FakeAgent replica = FakeAgent.on(url(), token).named(token)
                    .serve(FakeAction.function("work").idempotent().arg("n", "INT").arg("millis", "INT").returns("INT")
                            .respond(task -> {
                                int n = task.arg("n").asInt();
                                long millis = (long) task.arg("millis").asInt() * slowness[index];
                                task.later(millis, () -> task.yield(n).complete());
                            }))
                    .start();
            replicas.add(replica);
            agentIds.add(server.agentNamed(token));
        }
    }

    @AfterEach
    void stopReplicas() {
        replicas.forEach(FakeAgent::close);
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void theServerSendsEveryCallToTheFirstAvailableReplica() {
        List<Integer> results = callAll(n -> firstAvailable.work(n, 20), 12, 12);
        assertEquals(expected(12), results);
        assertEquals(List.of(12, 0, 0), completedPerReplica(), "v2.2.0 assigns an action to its first available "
                + "implementation: without spreading, one replica does all the work");
    }

    @Test
    void roundRobinSpreadsOverAllThreeReplicas() {
        List<Integer> results = callAll(n -> roundRobin.work(n, 50), 30, 30);
        assertEquals(expected(30), results);
        assertEquals(List.of(10, 10, 10), completedPerReplica(), "each replica in turn, by implementation id");
    }

    @Test
    void theDynamicApiSpreadsToo() {
        List<Integer> results = callAll(n -> rekuest.use("work").app(ReplicaServer.APP).spread(Spread.ROUND_ROBIN)
                .callAsync(n, 20).map(value -> ((Number) value).intValue()), 9, 9);
        assertEquals(expected(9), results);
        assertEquals(List.of(3, 3, 3), completedPerReplica());
    }

    @Test
    void leastBusySendsLessToASlowReplica() {
        slowness[0] = 10;
        // six calls in flight at a time: the slow replica keeps its calls open, the fast ones free theirs
        List<Integer> results = callAll(n -> leastBusy.work(n, 40), 30, 6);
        assertEquals(expected(30), results);
        List<Integer> perReplica = completedPerReplica();
        assertEquals(30, perReplica.stream().mapToInt(Integer::intValue).sum(), perReplica::toString);
        assertTrue(perReplica.get(0) < 10, () -> "the slow replica should get fewer than a third: " + perReplica);
        assertTrue(perReplica.get(1) > 0 && perReplica.get(2) > 0, perReplica::toString);
    }

    @Test
    void aReplicaStoppedMidRunLosesNoIdempotentCall() {
        int count = 30;
        java.util.concurrent.CompletableFuture<List<Integer>> all = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> callAll(n -> roundRobin.work(n, 3000), count, count));
        // the second replica dies while it runs its share (each call takes 3 s)
        waitUntil(() -> replicas.get(1).assigned("work").size() >= 5, "replica 2 got its calls");
        replicas.get(1).abort();
        List<Integer> results = all.join();
        assertEquals(expected(count), results, "every call succeeded");
        Map<String, Map<String, Integer>> table = taskTable();
        int completed = table.values().stream().mapToInt(kinds -> kinds.getOrDefault("COMPLETED", 0)).sum();
        assertEquals(count, completed, () -> "one COMPLETED task per call, none twice: " + table);
        Map<String, Integer> dead = table.getOrDefault(agentIds.get(1), Map.of());
        int lost = dead.values().stream().mapToInt(Integer::intValue).sum() - dead.getOrDefault("COMPLETED", 0);
        assertTrue(lost >= 5, () -> "the stopped replica's calls were moved to the others: " + table);
        assertEquals(count + lost, table.values().stream().flatMap(kinds -> kinds.values().stream())
                .mapToInt(Integer::intValue).sum(), () -> "one task per call plus one per moved call: " + table);
    }

    @Test
    void aHungReplicaCountsAsAvailableUntilItIsStale() {
        String actionId = actionId();
        String hungImplementation = server.implementations(agentIds.get(0)).get("work");
        long frozenAt = System.nanoTime();
        replicas.get(0).freeze();
        // the server keeps routing to it: first available, and available by implementation id
        String byAction = assignByAction(actionId);
        assertEquals(agentIds.get(0), server.taskTree(byAction).path("agent").path("id").asText(),
                "the hung replica is still the first available one");
        server.assign(hungImplementation, Map.of("n", 1, "millis", 1));
        assertTrue(System.nanoTime() - frozenAt < ReplicaServer.STALE_AFTER.toNanos() / 2, "checked within the window");
        // spread calls made now: those sent to the hung replica move once the server stops counting it as active
        List<Integer> results = callAll(n -> roundRobin.work(n, 100), 12, 12);
        assertEquals(expected(12), results);
        Map<String, Map<String, Integer>> table = taskTable();
        assertEquals(12, table.entrySet().stream().filter(e -> !e.getKey().equals(agentIds.get(0)))
                .mapToInt(e -> e.getValue().getOrDefault("COMPLETED", 0)).sum(), table::toString);
        // the server notices a hung agent only by its heartbeats (here: 1 s + 2 s to answer; v2.2.0: 10 s + 5 s, and up
        // to 30 s when its disconnect handling does not run): until then its calls wait
        assertTrue(System.nanoTime() - frozenAt >= Duration.ofSeconds(2).toNanos(),
                "the hung replica's calls could only move once the server stopped counting it as available");
        // and once stale, the server refuses it
        JsonNode refused = server.post("mutation($i: AssignInput!){ assign(input: $i){ id } }",
                Map.of("i", GraphQLCaller.assignInput("implementation", hungImplementation, WORK_ARGS)));
        assertTrue(refused.path("errors").toString().contains("not available"), refused::toString);
    }

    // ------------------------------------------------------------------ helpers

    private interface Call {
        Uni<Integer> call(int n);
    }

    /** Makes {@code count} calls, at most {@code concurrency} at a time; their results in call order. */
    private static List<Integer> callAll(Call call, int count, int concurrency) {
        List<Integer> results = Multi.createFrom().range(0, count)
                .onItem().transformToUni(n -> call.call(n).map(value -> new int[] { n, value }))
                .merge(concurrency)
                .collect().asList().await().atMost(WAIT)
                .stream().sorted((a, b) -> Integer.compare(a[0], b[0])).map(pair -> pair[1]).toList();
        return results;
    }

    private static List<Integer> expected(int count) {
        List<Integer> expected = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            expected.add(n);
        }
        return expected;
    }

    /** The COMPLETED tasks of {@code work} on each of this test's replicas, from the server's task table. */
    private List<Integer> completedPerReplica() {
        Map<String, Map<String, Integer>> table = taskTable();
        List<Integer> counts = new ArrayList<>();
        for (String agent : agentIds) {
            counts.add(table.getOrDefault(agent, Map.of()).getOrDefault("COMPLETED", 0));
        }
        return counts;
    }

    /** The tasks of {@code work} on this test's replicas: by agent id, the number per latest event kind. */
    private Map<String, Map<String, Integer>> taskTable() {
        Map<String, Map<String, Integer>> table = new LinkedHashMap<>();
        for (JsonNode task : server.data("{ tasks { id latestEventKind action { key } agent { id } } }", Map.of())
                .get("tasks")) {
            String agent = task.path("agent").path("id").asText();
            if ("work".equals(task.path("action").path("key").asText()) && agentIds.contains(agent)) {
                table.computeIfAbsent(agent, a -> new HashMap<>()).merge(task.path("latestEventKind").asText(), 1,
                        Integer::sum);
            }
        }
        return table;
    }

    private String actionId() {
        for (JsonNode action : server.data("{ actions { id key app { identifier } } }", Map.of()).get("actions")) {
            if ("work".equals(action.path("key").asText())
                    && ReplicaServer.APP.equals(action.path("app").path("identifier").asText())) {
                return action.get("id").asText();
            }
        }
        throw new AssertionError("No action work of app " + ReplicaServer.APP);
    }

    private String assignByAction(String actionId) {
        return server.data("mutation($i: AssignInput!){ assign(input: $i){ id } }",
                Map.of("i", GraphQLCaller.assignInput("action", actionId, WORK_ARGS))).get("assign").get("id").asText();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not in time: " + what);
            }
            GraphQLCaller.sleep(20);
        }
    }
}
