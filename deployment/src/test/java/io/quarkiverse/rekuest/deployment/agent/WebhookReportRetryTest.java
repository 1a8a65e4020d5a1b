package io.quarkiverse.rekuest.deployment.agent;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A webhook agent's reports are POSTed until the server's answer acknowledges them, and none is stored twice: a YIELD
 * the server processed but whose answer was lost (502) is not sent again, a COMPLETED that never reached it (503) is.
 */
public class WebhookReportRetryTest {

    static final String URL = TestServer.url("webhook-retry");
    static final String PROXY = ReportProxy.url(URL);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(WebhookNodes.class, TestServer.class,
                    ReportProxy.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            // the reports go to <agi-url>/http/<agent>: through the proxy
            .overrideConfigKey("quarkus.rekuest.agi-url", PROXY.replace("http://", "ws://") + "/agi")
            .overrideConfigKey("quarkus.rekuest.token", "dev:webhook-retry")
            .overrideConfigKey("quarkus.rekuest.agent.transport", "webhook")
            .overrideConfigKey("quarkus.rekuest.agent.webhook.secret", "webhook-retry-secret-0123456789")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.initial-delay", "100ms")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @Test
    void reportsAreRetriedUntilAcknowledgedWithoutDoubles() throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!agent.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        GraphQLCaller caller = new GraphQLCaller(URL + "/graphql", "dev-token");
        String id = caller.assign(caller.implementations(agent.agentId()).get("add"), Map.of("a", 20, "b", 22));
        JsonNode task = caller.awaitDone(id);
        List<String> kinds = GraphQLCaller.kinds(task).stream().filter(GraphQLCaller.REPORTS::contains).toList();
        assertEquals(List.of("YIELD", "COMPLETED"), kinds, task::toString);
        assertEquals(42, GraphQLCaller.event(task, "YIELD").get("returns").get("return0").asInt());
        assertEquals(2, Integer.getInteger(ReportProxy.FAILURES, 0), "the proxy failed one YIELD and one COMPLETED");
        while (agent.unconfirmedReports() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, agent.unconfirmedReports());
        assertTrue(agent.isConnected(), "the agent is serving again");
    }
}
