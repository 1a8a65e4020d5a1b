package io.quarkiverse.rekuest.it;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A nested call follows its task through the agent socket's mirrors (§2.8). When that socket is down while the task
 * ends, the mirrors are lost; once the agent has its {@code INIT} again, the call looks at its task and still gets its
 * result.
 */
@DisabledIfSystemProperty(named = "quarkus.rekuest.url", matches = ".+", disabledReason = "conformance: cuts the network between the application and a server of its own")
@DisabledIfEnvironmentVariable(named = "REKUEST_URL", matches = ".+", disabledReason = "conformance: cuts the network between the application and a server of its own")
@QuarkusTest
@Timeout(60)
@TestProfile(FaultyNetwork.AgentSocketProfile.class)
public class NestedCallReconnectTest {

    @Inject
    io.quarkiverse.rekuest.runtime.client.RekuestCaller calls;

    final GraphQLCaller server = GraphQLCaller.ofServer(FaultyNetwork.server.httpUrl(), "dev:tester");

    @AfterAll
    static void stopTheOtherAgent() {
        OtherAgent.closeShared();
    }

    @Test
    void nestedCallWhoseYieldMirrorWasLostReadsItFromTheServer() {
        OtherAgent.shared(FaultyNetwork.server.httpUrl());
        CuttableProxy network = FaultyNetwork.proxy;
        String apply = server.implementations(server.agentNamed(NodesTest.AGENT_NAME)).get("apply");
        // the socket stays up but its YIELD_EVENT mirrors are lost: the nested calls see only COMPLETED_EVENT
        network.dropMessages(message -> message.contains("\"YIELD_EVENT\""));
        try {
            String parent = server.assign(apply, Map.of("action", "triple", "numbers", List.of(2, 3)));
            JsonNode done = server.awaitDone(parent);
            assertEquals(List.of("YIELD", "COMPLETED"), GraphQLCaller.reports(done), done::toString);
            assertEquals("[6,9]", GraphQLCaller.result(done).toString(), done::toString);
        } finally {
            network.dropNothing();
        }
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void nestedCallWhoseMirrorsWereLostGetsItsResultAfterTheReconnect() {
        OtherAgent.shared(FaultyNetwork.server.httpUrl());
        CuttableProxy network = FaultyNetwork.proxy;
        int connections = network.connections();
        assertTrue(connections > 0, "the agent socket goes through the proxy");

        Set<String> lingers = server.taskIds("linger");
        String apply = server.implementations(server.agentNamed(NodesTest.AGENT_NAME)).get("apply");
        String parent = server.assign(apply, Map.of("action", "linger", "numbers", List.of(1200)));
        String child = server.awaitNewTask("linger", lingers);
        network.cut();
        // the child ends while the application's agent socket is down: its mirrors do not reach the application
        JsonNode childDone = server.awaitDone(child);
        assertEquals(List.of("YIELD", "COMPLETED"), GraphQLCaller.reports(childDone), childDone::toString);
        assertFalse(server.task(parent).get("isDone").asBoolean(), "the parent waits for its nested call");
        network.restore();

        JsonNode done = server.awaitDone(parent);
        // PROGRESS "Still running": the agent's answer to the server's inquiry after the reconnect
        assertEquals(List.of("PROGRESS", "YIELD", "COMPLETED"), GraphQLCaller.reports(done), done::toString);
        assertEquals("[1200]", GraphQLCaller.result(done).toString(), done::toString);
        assertTrue(network.connections() > connections, "the agent connected again");
        CallerState.awaitNothingPerCall(calls);
    }
}
