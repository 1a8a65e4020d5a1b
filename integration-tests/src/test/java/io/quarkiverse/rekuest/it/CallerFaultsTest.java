package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteDisconnectedException;
import io.quarkiverse.rekuest.test.FakeAction;
import io.quarkiverse.rekuest.test.FakeAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.subscription.Cancellable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls when things go wrong, on a server of the test's own ({@link FaultyNetwork}): the network cuts the
 * application's subscription while calls are in flight, an agent ignores CANCEL, an agent dies while it runs a task.
 */
@DisabledIfSystemProperty(named = "quarkus.rekuest.url", matches = ".+", disabledReason = "conformance: cuts the network between the application and a server of its own")
@DisabledIfEnvironmentVariable(named = "REKUEST_URL", matches = ".+", disabledReason = "conformance: cuts the network between the application and a server of its own")
@QuarkusTest
@Timeout(60) // a call that never ends fails its test
@TestProfile(FaultyNetwork.Profile.class)
public class CallerFaultsTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    /** A {@code mytasks} event of kind YIELD. */
    static final Pattern YIELD = Pattern.compile("\"kind\"\\s*:\\s*\"YIELD\"");

    private FakeAgent other;

    @Inject
    @RekuestClient
    Arithmetic arithmetic;

    @Inject
    @RekuestClient
    LabClient lab;

    @Inject
    @RekuestClient
    OtherApp api;

    @Inject
    @RekuestClient
    VanishingApp vanishing;

    @Inject
    io.quarkiverse.rekuest.runtime.client.RekuestCaller calls;

    final GraphQLCaller server = GraphQLCaller.ofServer(FaultyNetwork.server.httpUrl(), "dev:tester");

    @BeforeEach
    void startTheOtherAgent() {
        other = OtherAgent.shared(FaultyNetwork.server.httpUrl());
    }

    @AfterAll
    static void stopTheOtherAgent() {
        OtherAgent.closeShared();
    }

    @Test
    void subscriptionCutMidCallIsRecovered() throws Exception {
        CuttableProxy network = FaultyNetwork.proxy;
        assertEquals(6, arithmetic.multiply(2, 3));
        int connections = network.connections();
        assertTrue(connections > 0, "the subscription goes through the proxy");

        Set<String> awaits = server.taskIds("await");
        Set<String> lingers = server.taskIds("linger");
        CompletableFuture<String> own = lab.await(1500).subscribeAsCompletionStage();
        CompletableFuture<Integer> others = api.linger(1500).subscribeAsCompletionStage();
        String ownTask = server.awaitNewTask("await", awaits);
        String otherTask = server.awaitNewTask("linger", lingers);
        network.cut();
        assertFalse(own.isDone() || others.isDone(), "the network was cut before the results came");
        // both tasks end while the subscription is down: their events reach the application only once it is back
        for (String task : List.of(ownTask, otherTask)) {
            JsonNode done = server.awaitDone(task);
            assertEquals(List.of("YIELD", "COMPLETED"), GraphQLCaller.reports(done), done::toString);
        }
        network.restore();

        assertEquals("done", own.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1500, others.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(network.connections() > connections, "the subscription was opened again");
        assertEquals(List.of(1, 2), arithmetic.range(1, 2).collect().asList().await().atMost(WAIT));
        assertEquals(List.of(1, 2, 3), api.countUp(3).collect().asList().await().atMost(WAIT));
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void yieldMissedByTheSubscriptionIsReadFromTheServer() {
        CuttableProxy network = FaultyNetwork.proxy;
        assertEquals(6, arithmetic.multiply(2, 3));
        Set<String> triples = server.taskIds("triple");
        // the subscription stays up but loses every YIELD, as best-effort pub/sub may (§1.6): only COMPLETED comes
        network.dropMessages(message -> YIELD.matcher(message).find());
        try {
            assertEquals(15, api.triple(5), "the YIELD stored on the server, not null or a failure");
        } finally {
            network.dropNothing();
        }
        JsonNode done = server.awaitDone(server.awaitNewTask("triple", triples));
        assertEquals(List.of("YIELD", "COMPLETED"), GraphQLCaller.reports(done), done::toString);
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void cancelEscalatesToInterruptWhenCancelledDoesNotCome() {
        int before = other.assigned("hang").size();
        CompletableFuture<Object> result = new CompletableFuture<>();
        Cancellable subscription = api.hang(60_000).subscribe().with(result::complete, result::completeExceptionally);
        String task = other.awaitAssign("hang", before, WAIT);
        long cancelledAt = System.nanoTime();
        subscription.cancel();
        other.await("CANCEL", task, WAIT);
        other.await("INTERRUPT", task, WAIT);
        long waited = (System.nanoTime() - cancelledAt) / 1_000_000;
        assertTrue(waited >= 450, "the interrupt came after the cancel-timeout (500ms), not after " + waited + " ms");
        JsonNode done = server.awaitDone(task);
        assertEquals(List.of("INTERRUPTED"), GraphQLCaller.reports(done), done::toString);
        assertFalse(result.isDone(), "a cancelled Uni gets no item or failure");
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void disconnectedTaskFailsAfterTheConfiguredWait() {
        FakeAgent[] self = new FakeAgent[1];
        try (FakeAgent dying = FakeAgent.on(FaultyNetwork.server.httpUrl(), "dev:vanishing")
                .serve(FakeAction.function("vanish").arg("n", "INT").returns("INT").respond(task -> self[0].abort()))
                .start()) {
            self[0] = dying;
            long start = System.nanoTime();
            RemoteDisconnectedException e = assertThrows(RemoteDisconnectedException.class, () -> vanishing.vanish(1));
            long took = (System.nanoTime() - start) / 1_000_000;
            String task = e.taskId().orElseThrow();
            assertEquals("DISCONNECTED", server.taskTree(task).get("latestEventKind").asText());
            assertEquals("VanishingApp#vanish(int) (task " + task + "): its agent disconnected and did not come back "
                    + "within PT0.7S; the task's fate is unknown (Agent disconnected. Fate unknown)", e.getMessage());
            assertTrue(took >= FaultyNetwork.GRACE.toMillis() + 700,
                    "grace (300ms) + disconnected-wait (700ms) passed, not " + took + " ms");
            CallerState.awaitNothingPerCall(calls);
        }
    }
}
