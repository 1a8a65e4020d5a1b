package io.quarkiverse.rekuest.deployment.agent;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox is bounded (here at 200 reports): while the server confirms nothing (no EVENT_ACK, no HEARTBEAT), a
 * generator is not asked for more items and a blocking node waits in {@code task.progress}; once the server confirms
 * again (heartbeats), both go on. Without the bound, the generator would fill the memory (an endless one: until the
 * heap is gone) and the blocking node would run to its end while nothing reached the server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class OutboxBoundTest {

    static final String URL = TestServer.url("bound");
    static final String AGI = RawAgi.url("bound");
    static final Duration WAIT = Duration.ofSeconds(10);
    static final int BOUND = 200;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(BoundNodes.class, RawAgi.class, RawAgi.View.class,
                    TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.agi-url", AGI)
            .overrideConfigKey("quarkus.rekuest.token", "dev:bound")
            .overrideConfigKey("quarkus.rekuest.agent.name", "bound")
            .overrideConfigKey("quarkus.rekuest.agent.heartbeat-timeout", "60s")
            .overrideConfigKey("quarkus.rekuest.agent.flow-control.max-retained-reports", String.valueOf(BOUND))
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    RawAgi.View server = RawAgi.view("bound");

    @Test
    @Order(1)
    void anEndlessGeneratorWaitsWhileTheServerConfirmsNothingAndGoesOnWhenItDoes() {
        server.heartbeats.set(false);
        server.acks.set(false);
        server.frames.clear();
        BoundNodes.EMITTED.set(0);
        server.assign("t-endless", "endless", Map.of());
        sleep(1500);
        long emitted = BoundNodes.EMITTED.get();
        assertTrue(emitted >= BOUND / 2 && emitted <= BOUND + 32, "the generator made " + emitted + " items");
        assertTrue(agent.unconfirmedReports() <= BOUND + 32, "kept " + agent.unconfirmedReports());
        sleep(500);
        assertEquals(emitted, BoundNodes.EMITTED.get(), "nothing more is asked for while nothing is confirmed");

        // heartbeats confirm what was sent before the previous answer: the generator goes on, still bounded
        server.heartbeats.set(true);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (BoundNodes.EMITTED.get() < 3L * BOUND && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertTrue(BoundNodes.EMITTED.get() >= 3L * BOUND, "made " + BoundNodes.EMITTED.get());
        assertTrue(agent.unconfirmedReports() <= BOUND + 32, "kept " + agent.unconfirmedReports());

        server.send(Map.of("id", UUID.randomUUID().toString(), "type", "CANCEL", "task", "t-endless"));
        server.next("CANCELLED", "t-endless", WAIT);
        server.acks.set(true);
    }

    @Test
    @Order(2)
    void aBlockingNodeWaitsInProgressWhileTheServerConfirmsNothing() {
        server.heartbeats.set(false);
        server.acks.set(false);
        BoundNodes.PROGRESSED.set(0);
        server.frames.clear();
        server.assign("t-chatty", "chatty", Map.of("count", 5 * BOUND));
        sleep(1500);
        long progressed = BoundNodes.PROGRESSED.get();
        assertTrue(progressed <= BOUND + 1, "the node got " + progressed + " progress reports through");

        server.heartbeats.set(true);
        JsonNode yield = server.next("YIELD", "t-chatty", WAIT);
        assertEquals(5 * BOUND, yield.get("returns").get("return0").asInt());
        server.next("COMPLETED", "t-chatty", WAIT);
        server.acks.set(true);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
