package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.NoImplementationException;
import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteCriticalException;
import io.quarkiverse.rekuest.RemoteDeadlineException;
import io.quarkiverse.rekuest.RemoteFailedException;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls to this application's own nodes through the embedded server that Dev Services started: a
 * {@code @RekuestClient} proxy of the shared contract {@link Arithmetic} (served by {@link Abacus}), one of a
 * caller-side interface ({@link LabClient}), the dynamic {@link Rekuest} API, and nested calls made by
 * {@link Combinatorics}' nodes. The tasks are looked at on the server with an identity of their own.
 */
@QuarkusTest
@Timeout(60) // a call that never ends fails its test
public class CallerTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    @RekuestClient
    Arithmetic arithmetic;

    /** Without the qualifier: the implementing bean itself. */
    @Inject
    Arithmetic local;

    @Inject
    @RekuestClient
    LabClient lab;

    @Inject
    Rekuest rekuest;

    @Inject
    io.quarkiverse.rekuest.runtime.client.RekuestCaller calls;

    @Inject
    Vertx vertx;

    /** Another identity of the same organization, looking at the tasks on the server. */
    final GraphQLCaller server = GraphQLCaller.ofServer(
            ConfigProvider.getConfig().getValue("quarkus.rekuest.url", String.class), Identities.observer());

    /** The application's client app identifier, as the server knows its agent (no token is parsed). */
    String app() {
        return server.data("query($id: ID!){ agent(id: $id){ app { identifier } } }",
                Map.of("id", server.agentNamed(NodesTest.AGENT_NAME))).get("agent").get("app").get("identifier").asText();
    }

    @Test
    void blockingValue() {
        assertFalse(arithmetic instanceof Abacus, "the qualified injection is the proxy");
        assertTrue(arithmetic.toString().contains("Arithmetic"), arithmetic::toString);
        assertEquals(42, arithmetic.multiply(6, 7));
    }

    @Test
    void unqualifiedInjectionIsTheServingBean() {
        assertInstanceOf(Abacus.class, local);
        assertEquals(42, local.multiply(6, 7));
    }

    @Test
    void uniValue() {
        assertEquals(144, arithmetic.square(12).await().atMost(WAIT));
    }

    @Test
    void generatorStreamsEveryYield() {
        assertEquals(List.of(3, 4, 5, 6), arithmetic.range(3, 6).collect().asList().await().atMost(WAIT));
        assertEquals(List.of(), arithmetic.range(3, 2).collect().asList().await().atMost(WAIT));
    }

    @Test
    void failedIsARemoteFailedExceptionWithItsMessageAndTask() {
        RemoteFailedException e = assertThrows(RemoteFailedException.class, () -> arithmetic.factorial(-1));
        assertEquals("There is no factorial of a negative number (-1)", e.remoteMessage());
        JsonNode task = server.taskTree(e.taskId().orElseThrow());
        assertEquals("FAILED", task.get("latestEventKind").asText(), task::toString);
        assertEquals("factorial", task.path("action").path("key").asText(), task::toString);
        assertEquals(NodesTest.AGENT_NAME, task.path("agent").path("name").asText(), task::toString);
    }

    @Test
    void criticalIsARemoteCriticalException() {
        RemoteCriticalException e = assertThrows(RemoteCriticalException.class, () -> arithmetic.factorial(21));
        assertTrue(e.remoteMessage().contains("long overflow"), e::getMessage);
        assertEquals("CRITICAL", server.taskTree(e.taskId().orElseThrow()).get("latestEventKind").asText());
        assertEquals(2_432_902_008_176_640_000L, arithmetic.factorial(20), "the agent goes on");
    }

    @Test
    void deadlineExpiresAndCancelsTheTask() {
        RemoteDeadlineException e = assertTimeoutPreemptively(WAIT,
                () -> assertThrows(RemoteDeadlineException.class, () -> lab.sleep(600_000)));
        assertEquals(Duration.ofMillis(300), e.deadline());
        String task = e.taskId().orElseThrow();
        JsonNode cancelled = server.awaitDone(task);
        assertEquals(List.of("CANCELLED"), GraphQLCaller.reports(cancelled), cancelled::toString);
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void cancellingTheUniCancelsTheTask() {
        Set<String> before = server.taskIds("await");
        CompletableFuture<Object> result = new CompletableFuture<>();
        Cancellable subscription = lab.await(600_000).subscribe().with(result::complete, result::completeExceptionally);
        String task = server.awaitNewTask("await", before);
        subscription.cancel();
        JsonNode cancelled = server.awaitDone(task);
        assertEquals(List.of("CANCELLED"), GraphQLCaller.reports(cancelled), cancelled::toString);
        assertFalse(result.isDone(), "a cancelled Uni gets no item or failure");
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void cancellingTheStreamCancelsTheTask() {
        Set<String> before = server.taskIds("ticker");
        // the generator never ends: taking three items cancels the stream
        assertEquals(List.of(0L, 1L, 2L), lab.ticker(20).select().first(3).collect().asList().await().atMost(WAIT));
        JsonNode cancelled = server.awaitDone(server.awaitNewTask("ticker", before));
        List<String> reports = GraphQLCaller.reports(cancelled);
        assertEquals("CANCELLED", reports.get(reports.size() - 1), cancelled::toString);
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void blockingCallOnTheEventLoopIsRefused() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            try {
                arithmetic.multiply(1, 1);
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
    void nestedCallsCarryTheRunningTaskAsParent() {
        String binomial = server.implementations(server.agentNamed(NodesTest.AGENT_NAME)).get("binomial");
        String parent = server.assign(binomial, Map.of("n", 5, "k", 2));
        JsonNode done = server.awaitDone(parent);
        assertEquals(10, GraphQLCaller.result(done).asInt(), done::toString);

        JsonNode children = server.taskTree(parent).get("children");
        assertEquals(3, children.size(), children::toString);
        for (JsonNode child : children) {
            assertEquals("factorial", child.path("action").path("key").asText(), children::toString);
            assertEquals(parent, child.path("parent").path("id").asText(), children::toString);
            assertEquals("COMPLETED", child.get("latestEventKind").asText(), children::toString);
            assertEquals(NodesTest.AGENT_NAME, child.path("agent").path("name").asText(), children::toString);
        }
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void nestedCallFailureFailsTheParent() {
        String binomial = server.implementations(server.agentNamed(NodesTest.AGENT_NAME)).get("binomial");
        String parent = server.assign(binomial, Map.of("n", 21, "k", 1));
        JsonNode done = server.awaitDone(parent);
        // factorial(21) is CRITICAL: the node sees a RemoteCriticalException, an unexpected error, so CRITICAL too
        assertEquals(List.of("CRITICAL"), GraphQLCaller.reports(done), done::toString);
        assertTrue(GraphQLCaller.event(done, "CRITICAL").get("message").asText().contains("long overflow"), done::toString);
        JsonNode children = server.taskTree(parent).get("children");
        assertEquals(1, children.size(), children::toString);
        assertEquals("CRITICAL", children.get(0).get("latestEventKind").asText(), children::toString);
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void concurrentCallsDoNotCrossTalk() {
        List<Uni<Integer>> squares = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            squares.add(arithmetic.square(i));
        }
        List<Integer> results = Uni.join().all(squares).andFailFast().runSubscriptionOn(Infrastructure.getDefaultExecutor())
                .await().atMost(Duration.ofSeconds(60));
        for (int i = 0; i < 200; i++) {
            assertEquals(i * i, results.get(i), "call " + i);
        }
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void dynamicApiPositionalNamedAndIterate() {
        assertEquals(12, rekuest.use("multiply").app(app()).call(3, 4));
        assertEquals(25, rekuest.use("square").callAsync(Map.of("n", 5)).await().atMost(WAIT));
        assertEquals(List.of(1, 2, 3), rekuest.use("range").iterate(1, 3).collect().asList().await().atMost(WAIT));
        assertThrows(NoImplementationException.class, () -> rekuest.use("multiply").app("no-such-app").call(3, 4));
        assertThrows(NoImplementationException.class, () -> rekuest.use("no_such_action").call());
        RemoteFailedException e = assertThrows(RemoteFailedException.class, () -> rekuest.use("factorial").call(-2));
        assertEquals("There is no factorial of a negative number (-2)", e.remoteMessage());
    }
}
