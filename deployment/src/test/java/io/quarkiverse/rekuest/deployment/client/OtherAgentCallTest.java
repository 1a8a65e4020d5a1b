package io.quarkiverse.rekuest.deployment.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteDisconnectedException;
import io.quarkiverse.rekuest.RemoteFailedException;
import io.quarkiverse.rekuest.runtime.client.RekuestCaller;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Calls through {@code @RekuestClient} proxies to the nodes of ANOTHER agent identity: raw {@code /agi} agents with
 * their own tokens ({@code dev:other-app}, {@code dev:vanishing-app}) declare actions with {@code implementAgent} and
 * answer ASSIGN themselves. This application has no nodes; it only calls.
 */
public class OtherAgentCallTest {

    /** A short grace window: a lost agent's in-flight tasks become DISCONNECTED soon. */
    static final Duration GRACE = Duration.ofMillis(300);
    static final String URL = ClientTestServer.url("other-agent", GRACE);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(OtherApi.class, VanishingApi.class, ClientTestServer.class,
                    ClientTestClient.class, RawAgent.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:caller-app")
            .overrideConfigKey("quarkus.rekuest.agent.name", "caller")
            .overrideConfigKey("quarkus.rekuest.client.cancel-timeout", "500ms")
            .overrideConfigKey("quarkus.rekuest.client.disconnected-wait", "700ms")
            .overrideConfigKey("quarkus.http.test-port", "0");

    /** Assignments of {@code flaky} seen by the other agent, by {@code n}. */
    static final Map<Integer, AtomicInteger> FLAKY = new ConcurrentHashMap<>();
    private static RawAgent other;

    @Inject
    @RekuestClient
    OtherApi api;

    @Inject
    @RekuestClient
    VanishingApi vanishing;

    @Inject
    RekuestCaller caller;

    ClientTestClient server = new ClientTestClient(URL + "/graphql", "dev:caller-app");

    /** The other agent, started on first use (its definitions written by hand, as another language's agent would). */
    static synchronized RawAgent other() {
        if (other == null) {
            List<java.util.Map<String, Object>> ab = List.of(RawAgent.port("a", "INT", false), RawAgent.port("b", "INT", false));
            other = new RawAgent(URL, "dev:other-app")
                    .implement(RawAgent.implementation("multiply", "FUNCTION", false, ab,
                            List.of(RawAgent.port("return0", "INT", false))), (agent, assign) -> {
                                String task = assign.get("task").asText();
                                JsonNode args = assign.get("args");
                                agent.yield(task, args.get("a").asInt() * args.get("b").asInt());
                                agent.completed(task);
                            })
                    .implement(RawAgent.implementation("shout", "FUNCTION", false,
                            List.of(RawAgent.port("word", "STRING", false)), List.of(RawAgent.port("return0", "STRING", false))),
                            (agent, assign) -> {
                                String task = assign.get("task").asText();
                                agent.yield(task, assign.get("args").get("word").asText().toUpperCase() + "!");
                                agent.completed(task);
                            })
                    .implement(RawAgent.implementation("countdown", "GENERATOR", false,
                            List.of(RawAgent.port("from", "INT", false)), List.of(RawAgent.port("return0", "INT", false))),
                            (agent, assign) -> {
                                String task = assign.get("task").asText();
                                for (int i = assign.get("args").get("from").asInt(); i > 0; i--) {
                                    agent.yield(task, i);
                                }
                                agent.completed(task);
                            })
                    .implement(RawAgent.implementation("refuse", "FUNCTION", false,
                            List.of(RawAgent.port("why", "STRING", false)), List.of(RawAgent.port("return0", "STRING", false))),
                            (agent, assign) -> agent.failed(assign.get("task").asText(),
                                    "refused: " + assign.get("args").get("why").asText()))
                    .implement(RawAgent.implementation("flaky", "FUNCTION", true,
                            List.of(RawAgent.port("n", "INT", false), RawAgent.port("failures", "INT", false)),
                            List.of(RawAgent.port("return0", "INT", false))), (agent, assign) -> {
                                String task = assign.get("task").asText();
                                int n = assign.get("args").get("n").asInt();
                                int attempt = FLAKY.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                                if (attempt <= assign.get("args").get("failures").asInt()) {
                                    agent.failed(task, "attempt " + attempt + " failed");
                                } else {
                                    agent.yield(task, n);
                                    agent.completed(task);
                                }
                            })
                    .implement(RawAgent.implementation("hang", "FUNCTION", false,
                            List.of(RawAgent.port("millis", "INT", false)), List.of(RawAgent.port("return0", "INT", false))),
                            (agent, assign) -> {
                            })
                    .start();
        }
        return other;
    }

    @Test
    void blockingValueFromAnotherAgent() {
        other();
        assertEquals(42, api.multiply(6, 7));
    }

    @Test
    void asyncValueFromAnotherAgent() {
        other();
        assertEquals("HEY!", api.shout("hey").await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void streamFromAnotherAgentsGenerator() {
        other();
        assertEquals(List.of(3, 2, 1), api.countdown(3).collect().asList().await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void failedOfANonIdempotentActionIsNotRetried() {
        RawAgent agent = other();
        int before = agent.frames("ASSIGN", null).stream().filter(f -> "refuse".equals(f.path("interface").asText()))
                .toList().size();
        RemoteFailedException e = assertThrows(RemoteFailedException.class, () -> api.refuse("too late"));
        assertEquals("refused: too late", e.remoteMessage());
        assertEquals("FAILED", server.task(e.taskId().orElseThrow()).get("latestEventKind").asText());
        int after = agent.frames("ASSIGN", null).stream().filter(f -> "refuse".equals(f.path("interface").asText()))
                .toList().size();
        assertEquals(1, after - before, "retries = 2, but the action is not idempotent: assigned once");
    }

    @Test
    void failedOfAnIdempotentActionIsRetried() {
        other();
        assertEquals(7, api.flaky(7, 2));
        assertEquals(3, FLAKY.get(7).get(), "two FAILED, then assigned a third time");
    }

    @Test
    void retriesAreBounded() {
        other();
        RemoteFailedException e = assertThrows(RemoteFailedException.class, () -> api.flaky(8, 5));
        assertEquals("attempt 3 failed", e.remoteMessage());
        assertEquals(3, FLAKY.get(8).get(), "the first assignment and two retries");
    }

    @Test
    void cancelEscalatesToInterruptWhenCancelledDoesNotCome() throws Exception {
        RawAgent agent = other();
        CompletableFuture<Object> result = new CompletableFuture<>();
        Cancellable subscription = api.hang(60_000).subscribe().with(result::complete, result::completeExceptionally);
        String task = server.awaitOpenTask("hang");
        agent.await("ASSIGN", task, Duration.ofSeconds(10));
        long cancelledAt = System.nanoTime();
        subscription.cancel();
        agent.await("CANCEL", task, Duration.ofSeconds(10));
        agent.await("INTERRUPT", task, Duration.ofSeconds(10));
        long waited = (System.nanoTime() - cancelledAt) / 1_000_000;
        assertTrue(waited >= 450, "the interrupt came after the cancel-timeout (500ms), not " + waited + " ms");
        JsonNode done = server.awaitEvent(task, "INTERRUPTED");
        assertEquals("INTERRUPTED", done.get("latestEventKind").asText(), done::toString);
        assertTrue(!result.isDone(), "a cancelled Uni gets no item or failure");
        awaitNoOpenCalls();
    }

    @Test
    void disconnectedTaskFailsAfterTheConfiguredWait() {
        RawAgent vanishingAgent = new RawAgent(URL, "dev:vanishing-app")
                .implement(RawAgent.implementation("vanish", "FUNCTION", false, List.of(RawAgent.port("n", "INT", false)),
                        List.of(RawAgent.port("return0", "INT", false))), (agent, assign) -> agent.abort())
                .start();
        long start = System.nanoTime();
        RemoteDisconnectedException e = assertThrows(RemoteDisconnectedException.class, () -> vanishing.vanish(1));
        long took = (System.nanoTime() - start) / 1_000_000;
        String task = e.taskId().orElseThrow();
        assertEquals("DISCONNECTED", server.task(task).get("latestEventKind").asText());
        assertEquals("VanishingApi#vanish(int) (task " + task + "): its agent disconnected and did not come back within"
                + " PT0.7S; the task's fate is unknown (Agent disconnected. Fate unknown)", e.getMessage());
        assertTrue(took >= GRACE.toMillis() + 700, "grace (300ms) + disconnected-wait (700ms) passed, not " + took + " ms");
        awaitNoOpenCalls();
        vanishingAgent.close();
    }

    void awaitNoOpenCalls() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
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
