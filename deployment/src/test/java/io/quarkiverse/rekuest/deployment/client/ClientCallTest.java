package io.quarkiverse.rekuest.deployment.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.NoImplementationException;
import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteCriticalException;
import io.quarkiverse.rekuest.RemoteDeadlineException;
import io.quarkiverse.rekuest.RemoteFailedException;
import io.quarkiverse.rekuest.runtime.client.RekuestCaller;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;

/** Calls through a generated {@code @RekuestClient} proxy to this application's own nodes on the embedded server. */
public class ClientCallTest {

    static final String URL = ClientTestServer.url("client");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(CalcApi.class, CalcNodes.class, ClientTestServer.class,
                    ClientTestClient.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:calls")
            .overrideConfigKey("quarkus.rekuest.agent.name", "calls")
            .overrideConfigKey("quarkus.rekuest.client.cancel-timeout", "2s")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    @RekuestClient
    CalcApi calc;

    /** Without the qualifier: the implementing bean itself (no hint, no proxy). */
    @Inject
    CalcApi local;

    @Inject
    Rekuest rekuest;

    @Inject
    RekuestCaller caller;

    ClientTestClient server = new ClientTestClient(URL + "/graphql", "dev:calls");

    @Test
    void blockingValue() {
        assertEquals(5, calc.add(2, 3));
        assertTrue(calc.toString().contains("CalcApi"), calc::toString);
    }

    @Test
    void unqualifiedInjectionIsTheImplementingBean() {
        assertInstanceOf(CalcNodes.class, local);
        assertEquals(5, local.add(2, 3));
    }

    @Test
    void uniValue() {
        assertEquals("Hello, Ada", calc.greet("Ada").await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void generatorStreamsEveryYield() {
        assertEquals(List.of(1, 2, 3, 4), calc.countTo(4).collect().asList().await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void failedBecomesTypedExceptionWithMessageAndTask() {
        RemoteFailedException e = assertThrows(RemoteFailedException.class, () -> calc.fail("no such file"));
        assertEquals("no such file", e.remoteMessage());
        assertTrue(e.taskId().isPresent());
        assertEquals("FAILED", server.task(e.taskId().get()).get("latestEventKind").asText());
    }

    @Test
    void criticalBecomesTypedException() {
        RemoteCriticalException e = assertThrows(RemoteCriticalException.class, () -> calc.crash());
        assertTrue(e.remoteMessage().contains("boom"), e::getMessage);
        assertTrue(e.taskId().isPresent());
    }

    @Test
    void deadlineExpiresAndCancelsTheTask() {
        RemoteDeadlineException e = assertThrows(RemoteDeadlineException.class, () -> calc.slow(10_000, null));
        assertEquals(Duration.ofMillis(300), e.deadline());
        String task = e.taskId().orElseThrow();
        JsonNode done = server.awaitEvent(task, "CANCELLED");
        assertTrue(ClientTestClient.kinds(done).contains("CANCELLED"), done::toString);
    }

    @Test
    void cancellingTheUniCancelsTheTask() throws Exception {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Cancellable subscription = calc.slowAsync(10_000).subscribe().with(result::complete, result::completeExceptionally);
        String task = server.awaitOpenTask("slow_async");
        subscription.cancel();
        JsonNode cancelled = server.awaitEvent(task, "CANCELLED");
        assertTrue(ClientTestClient.kinds(cancelled).contains("CANCELLED"), cancelled::toString);
        assertTrue(!result.isDone());
        awaitNoOpenCalls();
    }

    @Test
    void blockingCallOnTheEventLoopIsRefused() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        io.vertx.core.Vertx vertx = io.quarkus.arc.Arc.container().instance(io.vertx.core.Vertx.class).get();
        vertx.runOnContext(v -> {
            try {
                calc.add(1, 1);
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        Throwable t = failure.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().contains("event loop"), t::getMessage);
    }

    @Test
    void nestedCallCarriesTheRunningTaskAsParent() {
        assertEquals(70, calc.nested(3, 4, null));
        String parent = CalcNodes.NESTED_TASKS.get(3);
        JsonNode children = server.children(parent);
        assertEquals(1, children.size(), children::toString);
        assertEquals("add", children.get(0).path("action").path("key").asText());
    }

    @Test
    void concurrentCallsDoNotCrossTalk() {
        List<Uni<String>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(calc.greet("n" + i));
        }
        List<String> results = Uni.join().all(calls).andFailFast().runSubscriptionOn(Infrastructure.getDefaultExecutor())
                .await().atMost(Duration.ofSeconds(60));
        for (int i = 0; i < 200; i++) {
            assertEquals("Hello, n" + i, results.get(i));
        }
        awaitNoOpenCalls();
    }

    @Test
    void subscriptionDroppedMidCallIsRecovered() throws Exception {
        assertEquals(2, calc.add(1, 1)); // the subscription is live
        CompletableFuture<Long> result = calc.slowAsync(600).subscribeAsCompletionStage();
        server.awaitOpenTask("slow_async");
        caller.dropSubscriptionForTesting();
        assertEquals(600L, result.get(15, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2, 3), calc.countTo(3).collect().asList().await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void dynamicApiPositionalNamedAndIterate() {
        assertEquals(7, rekuest.use("add").app("calls").call(3, 4));
        assertEquals("Hello, Bo", rekuest.use("greet").callAsync(Map.of("name", "Bo")).await().atMost(Duration.ofSeconds(10)));
        assertEquals(List.of(1, 2), rekuest.use("count_to").iterate(2).collect().asList().await().atMost(Duration.ofSeconds(10)));
        assertThrows(NoImplementationException.class, () -> rekuest.use("no_such_action").call());
        assertThrows(RemoteFailedException.class, () -> rekuest.use("fail").call("bad"));
    }

    void awaitNoOpenCalls() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (caller.openCalls() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertEquals(0, caller.openCalls(), "no per-call state is left behind");
    }
}
