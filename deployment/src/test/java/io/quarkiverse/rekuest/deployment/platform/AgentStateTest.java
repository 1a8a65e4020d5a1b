package io.quarkiverse.rekuest.deployment.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.LiveState;
import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @State} records end to end against the embedded server: declared in {@code implementAgent} (with the nodes'
 * {@code stateful} and {@code manipulates}), initialised by start-up work before the agent registers, changed by
 * nodes (attributed to their task) and published as patches, coalesced under a burst, snapshotted again after a
 * reconnect; background work runs while connected and is stopped on a disconnect.
 */
public class AgentStateTest {

    static final String URL = TestServer.url("state");
    static final String GRAPHQL = URL + "/graphql";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(StateNodes.class, StateNodes.StagePosition.class,
                    StateNodes.TickCounter.class, StateNodes.Device.class, StateNodes.Heartbeat.class,
                    TestServer.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:state")
            .overrideConfigKey("quarkus.rekuest.agent.name", "state")
            .overrideConfigKey("quarkus.rekuest.agent.heartbeat-timeout", "3s")
            .overrideConfigKey("quarkus.rekuest.agent.reconnect.initial-delay", "50ms")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .setAfterAllCustomizer(AgentStateTest::shutdownWorkRanAndItsLastChangeReachedTheServer);

    /** After the application stopped: the AgentStopping observer ran and its state change was sent before the close. */
    static void shutdownWorkRanAndItsLastChangeReachedTheServer() {
        String agentId = System.getProperty("rekuest.test.state.stopping");
        if (agentId == null) {
            throw new AssertionError("the AgentStopping observer did not run");
        }
        GraphQLCaller caller = new GraphQLCaller(GRAPHQL, "dev-token");
        String stateId = null;
        for (JsonNode state : caller.data(DECLARED, Map.of("id", agentId)).get("agent").get("states")) {
            if (state.get("interface").asText().equals("stage")) {
                stateId = state.get("id").asText();
            }
        }
        JsonNode value = caller.data(CHECKOUT, Map.of("s", stateId)).get("checkout").get("value");
        assertEquals(-7, value.get("x").asInt(), "the change made by the shutdown work reached the server: " + value);
    }

    static final String DECLARED = "query($id: ID!){ agent(id:$id){ states { id interface definition { name ports { key kind } } }"
            + " implementations { interface manipulates { interface } action { stateful } } } }";
    static final String CHECKOUT = "query($s: ID!){ checkout(state:$s){ value globalRevision } }";
    static final String PATCHES = "query($s: ID!){ forwardEventsAfterRev(globalRevision: 0, stateId:$s, count: 1000){ op path value task { id } } }";

    @Inject
    RekuestAgent agent;

    @Inject
    LiveState<StateNodes.StagePosition> stage;

    GraphQLCaller caller = new GraphQLCaller(GRAPHQL, "dev-token");

    JsonNode declared() {
        return caller.data(DECLARED, Map.of("id", agent.agentId())).get("agent");
    }

    String stateId(String iface) {
        for (JsonNode state : declared().get("states")) {
            if (state.get("interface").asText().equals(iface)) {
                return state.get("id").asText();
            }
        }
        throw new AssertionError("no state " + iface + " in " + declared());
    }

    JsonNode value(String iface) {
        return caller.data(CHECKOUT, Map.of("s", stateId(iface))).get("checkout").get("value");
    }

    String run(String iface, Map<String, Object> args) {
        return caller.assign(caller.implementation(agent.agentId(), iface), args);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not in time: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void statesAndTheNodesThatChangeThemAreDeclared() {
        JsonNode agentNode = declared();
        assertEquals(2, agentNode.get("states").size(), agentNode::toString);
        JsonNode stageState = agentNode.get("states").get(0);
        assertEquals("stage", stageState.get("interface").asText());
        assertEquals("StagePosition", stageState.get("definition").get("name").asText());
        assertEquals(List.of("x", "y", "moving"), List.of(stageState.get("definition").get("ports").get(0).get("key").asText(),
                stageState.get("definition").get("ports").get(1).get("key").asText(),
                stageState.get("definition").get("ports").get(2).get("key").asText()));
        assertEquals("tick_counter", agentNode.get("states").get(1).get("interface").asText());
        for (JsonNode implementation : agentNode.get("implementations")) {
            String iface = implementation.get("interface").asText();
            boolean stateful = iface.equals("move_to") || iface.equals("burst");
            assertEquals(stateful, implementation.get("action").get("stateful").asBoolean(), implementation::toString);
            assertEquals(stateful ? 1 : 0, implementation.get("manipulates").size(), implementation::toString);
        }
    }

    @Test
    void startingWorkRanBeforeRegisteringAndItsResultsReachTheNodes() {
        assertFalse(StateNodes.CONNECTED_DURING_STARTING.get(), "AgentStarting observers run before the agent registers");
        await("the initial snapshot", () -> value("stage") != null);
        JsonNode task = caller.awaitDone(run("stage_x", Map.of()));
        assertEquals(stage.get().x(), GraphQLCaller.event(task, "YIELD").get("returns").get("return0").asInt());
    }

    @Test
    void aNodeChangesStateTheServerKeepsItAndThePatchNamesTheTask() {
        String task = run("move_to", Map.of("x", 3, "y", 4));
        JsonNode done = caller.awaitDone(task);
        assertEquals(List.of("YIELD", "COMPLETED"), GraphQLCaller.kinds(done).stream()
                .filter(GraphQLCaller.REPORTS::contains).toList(), done::toString);
        await("the patch reached the server", () -> value("stage").get("x").asInt() == 3);
        assertEquals(4, value("stage").get("y").asInt());
        List<String> members = new java.util.ArrayList<>();
        value("stage").fieldNames().forEachRemaining(members::add);
        assertEquals(List.of("x", "y", "moving"), members, "a member per component, nothing else");
        JsonNode patches = caller.data(PATCHES, Map.of("s", stateId("stage"))).get("forwardEventsAfterRev");
        JsonNode patch = patches.get(patches.size() - 1);
        assertEquals(task, patch.get("task").get("id").asText(), patch::toString);
        assertEquals("replace", patch.get("op").asText());
    }

    @Test
    void aNodeThatChangesAStateItDoesNotDeclareFails() {
        JsonNode task = caller.awaitDone(run("sneaky", Map.of("x", 99)));
        assertEquals("CRITICAL", task.get("latestEventKind").asText(), task::toString);
        String message = GraphQLCaller.event(task, "CRITICAL").get("message").asText();
        assertTrue(message.contains("manipulates") && message.contains("StagePosition"), message);
        assertTrue(stage.get().x() != 99, "the change was refused");
    }

    @Test
    void aBurstOfChangesIsCoalescedAndTheServerEndsWithTheLastValue() {
        long patchesBefore = agent.statePublisher().patchesSent();
        JsonNode task = caller.awaitDone(run("burst", Map.of("n", 20_000)));
        long total = GraphQLCaller.event(task, "YIELD").get("returns").get("return0").asLong();
        await("the last value reached the server", () -> value("tick_counter").get("ticks").asLong() == total);
        long patches = agent.statePublisher().patchesSent() - patchesBefore;
        assertTrue(patches < 2_000, "20000 changes went out as " + patches + " patches");
    }

    @Test
    void afterAReconnectAFreshSnapshotIsSentAndBackgroundWorkRestarts() {
        await("background work started", () -> StateNodes.BACKGROUND_STARTS.get() >= 1);
        int starts = StateNodes.BACKGROUND_STARTS.get();
        int stops = StateNodes.BACKGROUND_STOPS.get();
        long snapshots = agent.statePublisher().snapshotsSent();
        caller.bounce(agent.agentId());
        await("background work stopped on the disconnect", () -> StateNodes.BACKGROUND_STOPS.get() > stops);
        await("a snapshot after the reconnect", () -> agent.statePublisher().snapshotsSent() > snapshots);
        await("background work started again", () -> StateNodes.BACKGROUND_STARTS.get() > starts);
        assertTrue(agent.isConnected());
        // the snapshot keeps the server exact: a change after the reconnect still arrives
        caller.awaitDone(run("move_to", Map.of("x", 11, "y", 12)));
        await("the patch after the reconnect", () -> value("stage").get("x").asInt() == 11);
        assertFalse(agent.closeCodes().containsKey(3003), "no frame was refused: " + agent.closeCodes());
    }
}
