package io.quarkiverse.rekuest.deployment.tracing;

import java.util.Map;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.bootstrap.classloading.ClassLoaderLimiter;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without {@code quarkus-opentelemetry} (the OpenTelemetry API is on this module's test class path all the same):
 * no observer bean, the tracing class and OpenTelemetry's classes are never loaded (a class loader limiter fails the
 * application if they are; it does fail it when {@code RekuestEvents} itself is vetoed), and tasks, nested calls and
 * failures work as before.
 */
public class TracingAbsentTest {

    static final String URL = TestServer.url("tracing-absent");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(TracingLeaf.class, TracingLeafNodes.class,
                    TracingChainNodes.class, TestServer.class))
            // loading any of these fails the application (the limiter throws from the class loader)
            .addClassLoaderEventListener(ClassLoaderLimiter.builder()
                    .neverLoadedRuntimeClassName("io.quarkiverse.rekuest.runtime.tracing.RekuestTracing")
                    .neverLoadedRuntimeClassName("io.quarkiverse.rekuest.runtime.CombinedEvents")
                    .neverLoadedRuntimeClassName("io.quarkus.opentelemetry.runtime.QuarkusContextStorage")
                    .neverLoadedRuntimeClassName("io.opentelemetry.api.trace.Span")
                    .neverLoadedRuntimeClassName("io.opentelemetry.context.Context")
                    .build())
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:tracing-absent")
            .overrideConfigKey("quarkus.rekuest.agent.name", "tracing-absent")
            // Micrometer is on this module's test class path: off, to see the observer of nothing at all
            .overrideConfigKey("quarkus.micrometer.enabled", "false")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @Inject
    Instance<RekuestEvents> observers;

    @Inject
    @RekuestClient
    TracingLeaf leaf;

    @Inject
    Rekuest rekuest;

    GraphQLCaller caller = new GraphQLCaller(URL + "/graphql", "dev-token");

    @Test
    void nothingOfTracingIsLoaded() {
        assertTrue(agent.isConnected());
        assertTrue(observers.isUnsatisfied(), "no observer bean: the agent and the caller use RekuestEvents.NONE");
        assertEquals(10, ((Number) rekuest.use("chain").call(3)).intValue());
        assertEquals(11, ((Number) rekuest.use("chain_uni").call(3)).intValue());
        Map<String, String> implementations = caller.implementations(agent.agentId());
        caller.awaitDone(caller.assign(implementations.get("crash"), Map.of()));
        // (the class loader limiter fails the application as soon as a vetoed class is loaded, here or at start)
    }
}
