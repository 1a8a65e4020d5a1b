package io.quarkiverse.rekuest.deployment.tracing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteFailedException;
import io.quarkiverse.rekuest.deployment.metrics.MetricsRegistry;
import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.tracing.RekuestTracing;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.subscription.Cancellable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code quarkus-opentelemetry} (added to this test only; Micrometer is there too, as in an application that has
 * both): a call from the application → the task its agent runs
 * → the nested call that task makes → the nested task, for a node on a worker thread, on the event loop (a
 * {@code Uni}) and on a virtual thread; a failure and a crash recorded; a cancelled task and a cancelled call. Spans
 * are read from the in-memory exporter.
 */
public class TracingTest {

    static final String URL = TestServer.url("tracing");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(TracingLeaf.class, TracingLeafNodes.class,
                    TracingChainNodes.class, TracingExporter.class, MetricsRegistry.class,
                    TestServer.class))
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-opentelemetry", Version.getVersion())))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:tracing")
            .overrideConfigKey("quarkus.rekuest.agent.name", "tracing")
            // spans exported as they end, to the exporter bean only
            .overrideConfigKey("quarkus.otel.simple", "true")
            .overrideConfigKey("quarkus.otel.exporter.otlp.enabled", "false")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @Inject
    InMemorySpanExporter exporter;

    @Inject
    @RekuestClient
    TracingLeaf leaf;

    @Inject
    Rekuest rekuest;

    GraphQLCaller caller = new GraphQLCaller(URL + "/graphql", "dev-token");

    /** The span current where each chain node made its nested call. */
    final Map<String, SpanContext> current = new ConcurrentHashMap<>();

    @BeforeEach
    void reset() {
        exporter.reset();
        TracingChainNodes.probe = node -> current.put(node, Span.current().getSpanContext());
    }

    @Inject
    Instance<RekuestEvents> observers;

    @Inject
    SimpleMeterRegistry registry;

    @Test
    void callAgentAndNestedCallOnAWorkerThread() throws Exception {
        assertEquals(10, ((Number) rekuest.use("chain").call(3)).intValue());
        assertChain("chain", 3);

        // Micrometer is in this application too: both observers are told (combined)
        assertEquals(2, observers.stream().count());
        Counter finished = registry.find("rekuest.agent.tasks.finished").tags("node", "chain", "outcome", "completed")
                .counter();
        assertTrue(finished != null && finished.count() == 1, () -> String.valueOf(registry.getMeters()));
    }

    @Test
    void callAgentAndNestedCallFromAUni() throws Exception {
        assertEquals(11, ((Number) rekuest.use("chain_uni").call(3)).intValue());
        assertChain("chain_uni", 3);
    }

    @Test
    void callAgentAndNestedCallOnAVirtualThread() throws Exception {
        assertEquals(12, ((Number) rekuest.use("chain_virtual").call(3)).intValue());
        assertChain("chain_virtual", 3);
    }

    /**
     * The application calls {@code node} (a CLIENT span, a root here), its agent runs it (a SERVER span, its own trace,
     * linked both ways), the node calls {@code square} (a CLIENT child of the task's span, with the task as parent
     * task) and the agent runs that (a SERVER span linked to that call, with the parent task's id).
     */
    void assertChain(String node, int x) throws Exception {
        SpanData call = await(span(SpanKind.CLIENT, node));
        SpanData task = await(span(SpanKind.SERVER, node));
        SpanData nestedCall = await(span(SpanKind.CLIENT, "square"));
        SpanData nestedTask = await(span(SpanKind.SERVER, "square"));

        String taskId = attr(call, RekuestTracing.TASK_ID.getKey());
        assertEquals(taskId, attr(task, RekuestTracing.TASK_ID.getKey()), dump());
        assertNull(attr(call, RekuestTracing.PARENT_ID.getKey()), "the test's own call has no parent task");
        assertEquals("rekuest", attr(call, "rpc.system"));
        assertEquals(node, attr(call, "rpc.method"));
        assertEquals(node, attr(task, "rpc.method"));
        assertEquals("completed", attr(call, RekuestTracing.OUTCOME.getKey()));
        assertEquals("completed", attr(task, RekuestTracing.OUTCOME.getKey()));
        assertEquals(StatusCode.UNSET, task.getStatus().getStatusCode());
        assertFalse(call.getParentSpanContext().isValid(), "nothing was current on the test thread");
        assertTrue(call.getEvents().stream().anyMatch(e -> e.getName().equals(RekuestTracing.ASSIGNED)), dump());

        // the task's span starts its own trace (nothing on the wire carries one) and is linked to its caller's, and back
        assertFalse(task.getParentSpanContext().isValid(), dump());
        assertTrue(linked(task, call.getSpanContext(), "caller"), dump());
        assertTrue(linked(call, task.getSpanContext(), "task"), dump());

        // the task's span was current where the node made its call (the context followed the task there), and the
        // nested call is its child
        assertEquals(task.getSpanContext(), current.get(node), dump());
        assertEquals(task.getSpanContext().getTraceId(), nestedCall.getTraceId(), dump());
        assertEquals(task.getSpanContext().getSpanId(), nestedCall.getParentSpanId(), dump());
        assertEquals(taskId, attr(nestedCall, RekuestTracing.PARENT_ID.getKey()), dump());

        // the nested task: linked to the nested call, with the parent task's id
        String nestedId = attr(nestedCall, RekuestTracing.TASK_ID.getKey());
        assertEquals(nestedId, attr(nestedTask, RekuestTracing.TASK_ID.getKey()), dump());
        assertEquals(taskId, attr(nestedTask, RekuestTracing.PARENT_ID.getKey()), dump());
        assertTrue(linked(nestedTask, nestedCall.getSpanContext(), "caller"), dump());
        assertTrue(linked(nestedCall, nestedTask.getSpanContext(), "task"), dump());
        assertEquals(4, exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getInstrumentationScopeInfo().getName().equals(RekuestTracing.SCOPE)).count(), dump());
    }

    @Test
    void failuresAreRecorded() throws Exception {
        // a NodeFailure through the proxy: both sides record it
        RemoteFailedException failure = assertThrows(RemoteFailedException.class, () -> leaf.refuse("no"));
        SpanData call = await(span(SpanKind.CLIENT, "refuse"));
        SpanData task = await(span(SpanKind.SERVER, "refuse"));
        assertEquals("failed", attr(task, RekuestTracing.OUTCOME.getKey()));
        assertEquals(StatusCode.ERROR, task.getStatus().getStatusCode());
        assertEquals("refused: no", task.getStatus().getDescription());
        assertEquals("io.quarkiverse.rekuest.NodeFailure", attr(task, "error.type"));
        assertTrue(exception(task, "io.quarkiverse.rekuest.NodeFailure", "refused: no"), dump());
        assertEquals("failed", attr(call, RekuestTracing.OUTCOME.getKey()));
        assertEquals(StatusCode.ERROR, call.getStatus().getStatusCode());
        assertEquals(RemoteFailedException.class.getName(), attr(call, "error.type"));
        assertTrue(exception(call, RemoteFailedException.class.getName(), failure.getMessage()), dump());

        // a crash, assigned by another client (no caller span here: the task's span is alone, with its task id)
        assertTrue(agent.isConnected());
        Map<String, String> implementations = caller.implementations(agent.agentId());
        String crash = caller.assign(implementations.get("crash"), Map.of());
        caller.awaitDone(crash);
        SpanData crashed = await(span(SpanKind.SERVER, "crash"));
        assertEquals(crash, attr(crashed, RekuestTracing.TASK_ID.getKey()));
        assertEquals("critical", attr(crashed, RekuestTracing.OUTCOME.getKey()));
        assertEquals(StatusCode.ERROR, crashed.getStatus().getStatusCode());
        assertEquals("java.lang.IllegalStateException: boom", crashed.getStatus().getDescription());
        assertTrue(exception(crashed, "java.lang.IllegalStateException", "boom"), dump());
        assertTrue(crashed.getLinks().isEmpty(), dump());
    }

    @Test
    void cancelledTasksAndCalls() throws Exception {
        // cancelled by another client: the task's span ends cancelled, not as an error (it did not fail)
        Map<String, String> implementations = caller.implementations(agent.agentId());
        TracingLeafNodes.slowStarted = new CountDownLatch(1);
        String slow = caller.assign(implementations.get("slow_uni"), Map.of());
        assertTrue(TracingLeafNodes.slowStarted.await(20, TimeUnit.SECONDS));
        caller.control("cancel", slow);
        caller.awaitDone(slow);
        SpanData cancelled = await(span(SpanKind.SERVER, "slow_uni"));
        assertEquals(slow, attr(cancelled, RekuestTracing.TASK_ID.getKey()));
        assertEquals("cancelled", attr(cancelled, RekuestTracing.OUTCOME.getKey()));
        assertEquals(StatusCode.UNSET, cancelled.getStatus().getStatusCode());
        exporter.reset();

        // a call this application cancels: its span ends cancelled (an error for the caller), the task's too
        TracingLeafNodes.slowStarted = new CountDownLatch(1);
        Cancellable subscription = leaf.slowUni().subscribe().with(item -> {
        }, failure -> {
        });
        assertTrue(TracingLeafNodes.slowStarted.await(20, TimeUnit.SECONDS));
        subscription.cancel();
        SpanData call = await(span(SpanKind.CLIENT, "slow_uni"));
        SpanData task = await(span(SpanKind.SERVER, "slow_uni"));
        assertEquals("cancelled", attr(call, RekuestTracing.OUTCOME.getKey()));
        assertEquals(StatusCode.ERROR, call.getStatus().getStatusCode());
        assertEquals("cancelled", attr(task, RekuestTracing.OUTCOME.getKey()));
        assertEquals(attr(call, RekuestTracing.TASK_ID.getKey()), attr(task, RekuestTracing.TASK_ID.getKey()));
        assertTrue(linked(task, call.getSpanContext(), "caller"), dump());
    }

    // ------------------------------------------------------------------ helpers

    static Predicate<SpanData> span(SpanKind kind, String name) {
        return s -> s.getKind() == kind && s.getName().equals(name)
                && s.getInstrumentationScopeInfo().getName().equals(RekuestTracing.SCOPE);
    }

    SpanData await(Predicate<SpanData> which) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<SpanData> found = exporter.getFinishedSpanItems().stream().filter(which).toList();
            if (found.size() == 1) {
                return found.get(0);
            }
            if (found.size() > 1 || System.nanoTime() > deadline) {
                throw new AssertionError("expected one span, found " + found.size() + " in " + dump());
            }
            Thread.sleep(20);
        }
    }

    static String attr(SpanData span, String key) {
        return span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(key))
                .map(e -> String.valueOf(e.getValue())).findFirst().orElse(null);
    }

    static boolean linked(SpanData span, SpanContext to, String what) {
        for (LinkData link : span.getLinks()) {
            if (link.getSpanContext().equals(to)
                    && what.equals(link.getAttributes().get(RekuestTracing.LINK))) {
                return true;
            }
        }
        return false;
    }

    static boolean exception(SpanData span, String type, String message) {
        for (EventData event : span.getEvents()) {
            if (event.getName().equals("exception")
                    && type.equals(event.getAttributes().asMap().entrySet().stream()
                            .filter(e -> e.getKey().getKey().equals("exception.type")).map(e -> e.getValue())
                            .findFirst().orElse(null))
                    && String.valueOf(event.getAttributes().asMap().entrySet().stream()
                            .filter(e -> e.getKey().getKey().equals("exception.message")).map(e -> e.getValue())
                            .findFirst().orElse(null)).contains(message)) {
                return true;
            }
        }
        return false;
    }

    String dump() {
        return exporter.getFinishedSpanItems().stream()
                .map(s -> "\n" + s.getKind() + " " + s.getName() + " trace=" + s.getTraceId() + " span=" + s.getSpanId()
                        + " parent=" + s.getParentSpanId() + " " + s.getAttributes() + " links=" + s.getLinks()
                        + " status=" + s.getStatus())
                .collect(Collectors.joining());
    }
}
