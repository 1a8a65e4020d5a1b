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
 * Calls from inside a webhook agent's task: the {@code ASSIGN_REQUEST} is POSTed to {@code /agi/http/<agent>} and its
 * {@code ASSIGN_RESPONSE} comes in the response; the child's {@code ASSIGN} and the {@code *_EVENT} mirrors of its
 * progress are POSTed to the intake.
 */
public class WebhookNestedCallTest {

    static final String URL = TestServer.url("webhook-nested");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(WebhookCalc.class, WebhookCalcNodes.class,
                    TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:webhook-nested")
            .overrideConfigKey("quarkus.rekuest.agent.transport", "webhook")
            .overrideConfigKey("quarkus.rekuest.agent.webhook.secret", "webhook-nested-secret-0123456789")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @Test
    void aTaskCallsActionsThroughTheWebhook() throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!agent.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        GraphQLCaller caller = new GraphQLCaller(URL + "/graphql", "dev-token");
        String id = caller.assign(caller.implementations(agent.agentId()).get("sum_of_three"),
                Map.of("a", 1, "b", 2, "c", 3));
        JsonNode task = caller.awaitDone(id);
        List<String> kinds = GraphQLCaller.kinds(task).stream().filter(GraphQLCaller.REPORTS::contains).toList();
        assertEquals(List.of("YIELD", "COMPLETED"), kinds, task::toString);
        assertEquals(6, GraphQLCaller.event(task, "YIELD").get("returns").get("return0").asInt());
        JsonNode children = caller.data("query($id: ID!){ task(id: $id){ children { id isDone } } }", Map.of("id", id))
                .get("task").get("children");
        assertEquals(2, children.size(), children::toString);
        children.forEach(child -> assertTrue(child.get("isDone").asBoolean(), children::toString));
    }
}
