package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import io.quarkiverse.rekuest.devserver.ServerFaults;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaos (b), (c), (d): a steady run of functions ({@code add}), generators ({@code countdown}) and nested calls
 * ({@code binomial}, three {@code factorial} calls each) while the server, seeded, closes the agent socket (1011, 3001),
 * stalls its consumer until it closes it (3001), steals queued {@code ASSIGN}s as a dead connection would, and
 * restarts (every socket dropped, not listening for a while, the store kept: 4004 until the old connection is stale).
 * Pass: every task ends once with every value it must yield, in order, checked against the server's task table: 0
 * lost, 0 doubled, 0 null, 0 CRITICAL. Counts: {@code -Dchaos.tasks} (default 400), {@code -Dchaos.cuts} (default 6),
 * {@code -Dchaos.restarts} (default 2), {@code -Dchaos.seed}; the chaos profile runs 5,000 tasks, 20 cuts, 5
 * restarts.
 */
@DisabledIfSystemProperty(named = "quarkus.rekuest.url", matches = ".+", disabledReason = "conformance: restarts and cuts a server of its own")
@DisabledIfEnvironmentVariable(named = "REKUEST_URL", matches = ".+", disabledReason = "conformance: restarts and cuts a server of its own")
@QuarkusTest
@TestProfile(ChaosServer.Faults.class)
class ChaosFaultsTest {

    private static final Logger LOG = Logger.getLogger(ChaosFaultsTest.class);

    @Inject
    RekuestAgent agent;

    @Test
    void everyTaskEndsOnceWithEveryValueThroughCutsStallsStolenAssignsAndRestarts() throws Exception {
        int count = Integer.getInteger("chaos.tasks", 400);
        int cuts = Integer.getInteger("chaos.cuts", 6);
        int restarts = Integer.getInteger("chaos.restarts", 2);
        long seed = Long.getLong("chaos.seed", 20261204L);
        Random random = new Random(seed);
        GraphQLCaller caller = GraphQLCaller.ofServer(ChaosServer.server.httpUrl(), ChaosServer.CALLER_TOKEN);
        String agentId = caller.agentNamed("rekuest-chaos-agent");
        Map<String, String> implementations = caller.implementations(agentId);
        ServerFaults faults = ChaosServer.server.faults();
        ChaosLedger ledger = new ChaosLedger(caller);

        // the faults, spread over the run in a seeded order
        List<String> plan = new ArrayList<>();
        for (int i = 0; i < cuts; i++) {
            plan.add(List.of("close-1011", "close-3001", "stall", "steal").get(i % 4));
        }
        for (int i = 0; i < restarts; i++) {
            plan.add("restart");
        }
        java.util.Collections.shuffle(plan, random);
        long runMillis = Math.max(8_000, count * 15L);
        long start = System.nanoTime();
        // each fault hits a connection that is up: the next one waits until the agent is back (bounded)
        CompletableFuture<List<String>> injected = CompletableFuture.supplyAsync(() -> {
            List<String> done = new ArrayList<>();
            long gap = runMillis / (plan.size() + 1);
            for (String fault : plan) {
                GraphQLCaller.sleep(gap / 2 + random.nextInt((int) Math.max(1, gap)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!agent.isConnected() && System.nanoTime() < deadline) {
                    GraphQLCaller.sleep(20);
                }
                boolean hit = switch (fault) {
                    case "close-1011" -> faults.closeConnection(agentId, 1011, "chaos");
                    case "close-3001" -> faults.closeConnection(agentId, 3001, "chaos");
                    case "stall" -> faults.stallConnection(agentId, Duration.ofSeconds(3));
                    case "steal" -> {
                        faults.stealAssigns(agentId, 2);
                        GraphQLCaller.sleep(300);
                        yield faults.closeConnection(agentId, 1011, "chaos after stealing");
                    }
                    case "restart" -> {
                        faults.restart(Duration.ofMillis(700)).join();
                        yield true;
                    }
                    default -> throw new IllegalStateException(fault);
                };
                // the fault's close is seen before the next fault, so that each fault ends one connection
                long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (hit && agent.isConnected() && System.nanoTime() < gone) {
                    GraphQLCaller.sleep(10);
                }
                done.add(fault + (hit ? "" : " (missed)") + "@" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                        + "ms");
            }
            return done;
        });

        ExecutorService assigners = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> assigned = new ArrayList<>();
            List<List<Long>> wanted = new ArrayList<>();
            long pause = runMillis / count;
            for (int i = 0; i < count; i++) {
                int kind = random.nextInt(10);
                Map<String, Object> args;
                String implementation;
                List<Long> values = new ArrayList<>();
                if (kind < 7) {
                    int a = random.nextInt(1000);
                    implementation = implementations.get("add");
                    args = Map.of("a", a, "b", 7);
                    values.add((long) a + 7);
                } else if (kind < 9) {
                    int from = 1 + random.nextInt(5);
                    implementation = implementations.get("countdown");
                    args = Map.of("from", from);
                    for (long v = from; v >= 0; v--) {
                        values.add(v);
                    }
                } else {
                    implementation = implementations.get("binomial");
                    args = Map.of("n", 6, "k", 2);
                    values.add(15L);
                }
                wanted.add(values);
                assigned.add(assigners.submit(() -> assignThroughRestarts(caller, implementation, args)));
                GraphQLCaller.sleep(pause);
            }
            for (int i = 0; i < count; i++) {
                ledger.expect(assigned.get(i).get(60, TimeUnit.SECONDS), wanted.get(i));
            }
        } finally {
            assigners.shutdownNow();
        }
        List<String> done = injected.get(120, TimeUnit.SECONDS);
        ChaosLedger.Outcome outcome = ledger.check(Duration.ofSeconds(120));
        LOG.infof("chaos (b-d) seed %d: %s in %d s; faults %s; agent closes %s", seed, outcome,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), done, agent.closeCodes());
        assertTrue(outcome.perfect(), () -> "seed " + seed + ": " + outcome);
        assertTrue(done.stream().noneMatch(fault -> fault.contains("missed")), () -> "every fault hit a live connection: "
                + done);
        int closes = agent.closeCodes().values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(closes >= plan.size(), () -> "every fault closed the agent's connection: " + agent.closeCodes());
    }

    /** A caller retries an assign the restarted server refused (connection refused while it does not listen). */
    private static String assignThroughRestarts(GraphQLCaller caller, String implementation, Map<String, Object> args) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return caller.assign(implementation, args);
            } catch (Exception | AssertionError e) {
                // refused or cut while the server restarts (RestAssured throws IOExceptions unchecked)
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("assign kept failing through the restarts", e);
                }
                GraphQLCaller.sleep(100);
            }
        }
    }
}
