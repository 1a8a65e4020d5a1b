package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaos (a): a burst of concurrent tasks on a server as slow as a real v2.2.0 (25 ms of work per report, in order, and
 * a heartbeat answer that must be processed within 5 s). Without flow control the agent writes the whole burst at
 * once, its heartbeat answer waits behind more than 5 s of work and the server closes the socket (3001); with the old
 * agent most results of the burst were then lost. Pass: no 3001, every task completed once with its value, checked
 * against the server's task table. Count: {@code -Dchaos.burst} (default 300; the chaos profile runs 500).
 */
@DisabledIfSystemProperty(named = "quarkus.rekuest.url", matches = ".+", disabledReason = "conformance: needs a server of its own with a slow report cost")
@DisabledIfEnvironmentVariable(named = "REKUEST_URL", matches = ".+", disabledReason = "conformance: needs a server of its own with a slow report cost")
@QuarkusTest
@TestProfile(ChaosServer.Backlog.class)
class ChaosBacklogTest {

    private static final Logger LOG = Logger.getLogger(ChaosBacklogTest.class);

    @Inject
    RekuestAgent agent;

    @Test
    void aBurstOfConcurrentTasksOnASlowServerEndsWithEveryValueAndNo3001() throws Exception {
        int burst = Integer.getInteger("chaos.burst", 300);
        GraphQLCaller caller = GraphQLCaller.ofServer(ChaosServer.server.httpUrl(), ChaosServer.CALLER_TOKEN);
        String agentId = caller.agentNamed("rekuest-chaos-agent");
        String add = caller.implementations(agentId).get("add");
        ChaosLedger ledger = new ChaosLedger(caller);
        long start = System.nanoTime();
        ExecutorService assigners = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> assigned = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                int a = i;
                assigned.add(assigners.submit(() -> caller.assign(add, Map.of("a", a, "b", 1))));
            }
            for (int i = 0; i < burst; i++) {
                ledger.expect(assigned.get(i).get(), List.of((long) i + 1));
            }
        } finally {
            assigners.shutdownNow();
        }
        ChaosLedger.Outcome outcome = ledger.check(Duration.ofSeconds(30 + burst / 5));
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        LOG.infof("chaos (a) burst of %d, report cost 25 ms: %s in %d s; agent closes %s", burst, outcome, seconds,
                agent.closeCodes());
        assertTrue(outcome.perfect(), outcome::toString);
        assertEquals(Map.of(), agent.closeCodes(), "the connection was never closed (no 3001)");
    }
}
