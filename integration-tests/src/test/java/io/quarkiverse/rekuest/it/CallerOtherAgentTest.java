package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteCriticalException;
import io.quarkiverse.rekuest.RemoteDeadlineException;
import io.quarkiverse.rekuest.RemoteFailedException;
import io.quarkiverse.rekuest.test.FakeAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Calls through a {@code @RekuestClient} proxy ({@link OtherApp}) and the dynamic API to the nodes of ANOTHER agent
 * identity on the embedded server that Dev Services started: {@link OtherAgent}, a {@link FakeAgent} of the app
 * {@code other} (in the conformance profile, the app of {@code REKUEST_TOKEN2}).
 */
@QuarkusTest
@Timeout(60) // a call that never ends fails its test
public class CallerOtherAgentTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    private FakeAgent other;

    @Inject
    @RekuestClient
    OtherApp api;

    @Inject
    Rekuest rekuest;

    @Inject
    io.quarkiverse.rekuest.runtime.client.RekuestCaller calls;

    final GraphQLCaller server = GraphQLCaller.ofServer(
            ConfigProvider.getConfig().getValue("quarkus.rekuest.url", String.class), Identities.observer());

    @BeforeEach
    void startTheOtherAgent() {
        other = OtherAgent.shared(ConfigProvider.getConfig().getValue("quarkus.rekuest.url", String.class));
    }

    @AfterAll
    static void stopTheOtherAgent() {
        OtherAgent.closeShared();
    }

    @Test
    void blockingValue() {
        int before = other.assigned("triple").size();
        assertEquals(42, api.triple(14));
        assertEquals(before + 1, other.assigned("triple").size(), "the other agent ran it");
    }

    @Test
    void uniValue() {
        assertEquals("HEY!", api.spell("hey").await().atMost(WAIT));
    }

    @Test
    void generatorStreamsEveryYield() {
        assertEquals(List.of(1, 2, 3), api.countUp(3).collect().asList().await().atMost(WAIT));
    }

    @Test
    void failedOfANonIdempotentActionIsNotRetried() {
        int before = other.assigned("refuse").size();
        RemoteFailedException e = assertThrows(RemoteFailedException.class, () -> api.refuse("too late"));
        assertEquals("refused: too late", e.remoteMessage());
        JsonNode task = server.taskTree(e.taskId().orElseThrow());
        assertEquals("FAILED", task.get("latestEventKind").asText(), task::toString);
        assertEquals(OtherAgent.NAME, task.path("agent").path("name").asText(), task::toString);
        assertEquals(before + 1, other.assigned("refuse").size(), "retries = 2, but the action is not idempotent");
    }

    @Test
    void failedOfAnIdempotentActionIsRetried() {
        assertEquals(7, api.flaky(7, 2));
        assertEquals(3, OtherAgent.FLAKY.get(7).get(), "two FAILED, then assigned a third time");
    }

    @Test
    void retriesAreBounded() {
        RemoteFailedException e = assertThrows(RemoteFailedException.class, () -> api.flaky(8, 5));
        assertEquals("attempt 3 failed", e.remoteMessage());
        assertEquals(3, OtherAgent.FLAKY.get(8).get(), "the first assignment and two retries");
    }

    @Test
    void criticalIsARemoteCriticalException() {
        RemoteCriticalException e = assertThrows(RemoteCriticalException.class, () -> api.explode());
        assertEquals("the other app exploded", e.remoteMessage());
        assertEquals("CRITICAL", server.taskTree(e.taskId().orElseThrow()).get("latestEventKind").asText());
    }

    @Test
    void deadlineExpiresAndCancelsTheTask() {
        // stall never answers: without the deadline the call would never return
        RemoteDeadlineException e = assertTimeoutPreemptively(WAIT,
                () -> assertThrows(RemoteDeadlineException.class, () -> api.stall(60_000)));
        assertEquals(Duration.ofMillis(300), e.deadline());
        String task = e.taskId().orElseThrow();
        other.await("CANCEL", task, WAIT);
        JsonNode cancelled = server.awaitDone(task);
        assertEquals(List.of("CANCELLED"), GraphQLCaller.reports(cancelled), cancelled::toString);
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void cancellingTheUniCancelsTheTask() {
        int before = other.assigned("linger").size();
        CompletableFuture<Object> result = new CompletableFuture<>();
        Cancellable subscription = api.linger(60_000).subscribe().with(result::complete, result::completeExceptionally);
        String task = other.awaitAssign("linger", before, WAIT);
        subscription.cancel();
        other.await("CANCEL", task, WAIT);
        JsonNode cancelled = server.awaitDone(task);
        assertEquals(List.of("CANCELLED"), GraphQLCaller.reports(cancelled), cancelled::toString);
        assertFalse(result.isDone(), "a cancelled Uni gets no item or failure");
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void nestedCallsToTheOtherAgentCarryTheRunningTaskAsParent() {
        String apply = server.implementations(server.agentNamed(NodesTest.AGENT_NAME)).get("apply");
        String parent = server.assign(apply, Map.of("action", "triple", "numbers", List.of(1, 2, 3)));
        JsonNode done = server.awaitDone(parent);
        assertEquals("[3,6,9]", GraphQLCaller.result(done).toString(), done::toString);

        JsonNode children = server.taskTree(parent).get("children");
        assertEquals(3, children.size(), children::toString);
        for (JsonNode child : children) {
            assertEquals("triple", child.path("action").path("key").asText(), children::toString);
            assertEquals(parent, child.path("parent").path("id").asText(), children::toString);
            assertEquals(OtherAgent.NAME, child.path("agent").path("name").asText(), children::toString);
            assertEquals("COMPLETED", child.get("latestEventKind").asText(), children::toString);
        }
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void concurrentCallsDoNotCrossTalk() {
        List<Uni<String>> spells = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            spells.add(api.spell("w" + i));
        }
        List<String> results = Uni.join().all(spells).andFailFast().runSubscriptionOn(Infrastructure.getDefaultExecutor())
                .await().atMost(Duration.ofSeconds(60));
        for (int i = 0; i < 200; i++) {
            assertEquals("W" + i + "!", results.get(i), "call " + i);
        }
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void dynamicApi() {
        assertEquals(15, rekuest.use("triple").app("other").call(5));
        assertEquals("HO!", rekuest.use("spell").app("other").callAsync(Map.of("word", "ho")).await().atMost(WAIT));
        assertEquals(List.of(1, 2), rekuest.use("count_up").iterate(2).collect().asList().await().atMost(WAIT));
        RemoteFailedException e = assertThrows(RemoteFailedException.class, () -> rekuest.use("refuse").call("no"));
        assertEquals("refused: no", e.remoteMessage());
    }
}
