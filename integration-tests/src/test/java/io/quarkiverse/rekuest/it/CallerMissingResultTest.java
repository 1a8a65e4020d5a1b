package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.RemoteMissingResultException;
import io.quarkiverse.rekuest.test.FakeAgent;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks that end {@code COMPLETED} without the {@code YIELD} that carries their value (the agent's YIELD was lost, the
 * server stored COMPLETED anyway): the caller never makes a value up. A required result fails the call with
 * {@link RemoteMissingResultException}, a nullable one is empty, a {@code void} call returns; idempotent actions are
 * assigned again, as after FAILED. Served by {@link AmnesiacAgent}.
 */
@QuarkusTest
@Timeout(60) // a call that never ends fails its test
public class CallerMissingResultTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    private static FakeAgent amnesiac;

    @Inject
    @RekuestClient
    AmnesiacApp api;

    @Inject
    Rekuest rekuest;

    @Inject
    io.quarkiverse.rekuest.runtime.client.RekuestCaller calls;

    final GraphQLCaller server = GraphQLCaller.ofServer(
            ConfigProvider.getConfig().getValue("quarkus.rekuest.url", String.class), Identities.observer());

    @BeforeEach
    void startTheAgent() {
        synchronized (CallerMissingResultTest.class) {
            if (amnesiac == null) {
                amnesiac = AmnesiacAgent.start(ConfigProvider.getConfig().getValue("quarkus.rekuest.url", String.class));
            }
        }
    }

    @AfterAll
    static void stopTheAgent() {
        if (amnesiac != null) {
            amnesiac.close();
            amnesiac = null;
        }
    }

    @Test
    void requiredResultThatNeverCameFailsTheCall() {
        int before = amnesiac.assigned("lost_square").size();
        RemoteMissingResultException e = assertThrows(RemoteMissingResultException.class, () -> api.lostSquare(0));
        String task = e.taskId().orElseThrow();
        JsonNode stored = server.task(task);
        assertEquals(List.of("COMPLETED"), GraphQLCaller.reports(stored), stored::toString);
        assertEquals(List.of("return0"), e.missingPorts());
        assertEquals("AmnesiacApp#lostSquare(int) (task " + task + ") completed without its result: no YIELD with a value "
                + "for [return0] came, and the task's stored events on the server have none either. The agent's result "
                + "was lost; the server stored COMPLETED without a YIELD (a report dropped in a disconnect or a server "
                + "restart). The call fails instead of returning a value it does not have: call again, mark the action "
                + "idempotent or pure to have such calls retried, or declare the result @Nullable or Optional if the "
                + "action may return nothing.", e.getMessage());
        assertEquals(before + 1, amnesiac.assigned("lost_square").size(), "not idempotent: not assigned again");
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void requiredResultThatNeverCameFailsTheUni() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> api.lostCube(2).subscribeAsCompletionStage().join());
        RemoteMissingResultException missing = assertInstanceOf(RemoteMissingResultException.class, e.getCause());
        assertTrue(missing.getMessage().startsWith("AmnesiacApp#lostCube(int) (task "), missing::getMessage);
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void optionalResultThatNeverCameIsEmpty() {
        assertEquals(Optional.empty(), api.lostMaybe(1), "an empty Optional, not null");
    }

    @Test
    void nullableResultThatNeverCameIsNull() {
        assertNull(api.lostBoxed(1));
    }

    @Test
    void voidCallNeedsNoYield() {
        api.lostNothing(1);
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void idempotentActionIsAssignedAgainLikeAfterFailed() {
        assertEquals(16, api.forgetful(4, 2));
        assertEquals(3, AmnesiacAgent.FORGETFUL.get(4).get(), "two COMPLETED without YIELD, then assigned a third time");
    }

    @Test
    void retriesOfAMissingResultAreBounded() {
        RemoteMissingResultException e = assertThrows(RemoteMissingResultException.class, () -> api.forgetful(5, 5));
        assertEquals(3, AmnesiacAgent.FORGETFUL.get(5).get(), "the first assignment and two retries");
        assertTrue(e.getMessage().startsWith("AmnesiacApp#forgetful(int, int) (task "), e::getMessage);
    }

    @Test
    void dynamicApi() {
        RemoteMissingResultException e = assertThrows(RemoteMissingResultException.class,
                () -> rekuest.use("lost_square").app("amnesiac").call(3));
        assertTrue(e.getMessage().startsWith("action 'lost_square'") || e.getMessage().contains("lost_square"),
                e::getMessage);
        CompletionException async = assertThrows(CompletionException.class,
                () -> rekuest.use("lost_square").callAsync(Map.of("n", 3)).subscribeAsCompletionStage().join());
        assertInstanceOf(RemoteMissingResultException.class, async.getCause());
        CompletionException stream = assertThrows(CompletionException.class,
                () -> rekuest.use("lost_square").iterate(3).collect().asList().subscribeAsCompletionStage().join());
        assertInstanceOf(RemoteMissingResultException.class, stream.getCause(), "a function's stream owes its YIELD too");
        assertNull(rekuest.use("lost_maybe").call(3), "the server says the result is nullable");
        assertNull(rekuest.use("lost_nothing").call(3), "no return ports");
        CallerState.awaitNothingPerCall(calls);
    }

    @Test
    void nestedCallFromANodeFailsItsNodeInsteadOfGettingNull() {
        String apply = server.implementations(server.agentNamed(NodesTest.AGENT_NAME)).get("apply");
        String parent = server.assign(apply, Map.of("action", "lost_square", "numbers", List.of(1)));
        JsonNode done = server.awaitDone(parent);
        JsonNode children = server.taskTree(parent).get("children");
        assertEquals(1, children.size(), children::toString);
        assertEquals("COMPLETED", children.get(0).get("latestEventKind").asText(), children::toString);
        String reports = GraphQLCaller.reports(done).toString();
        assertTrue(reports.contains("FAILED") || reports.contains("CRITICAL"), done::toString);
        assertTrue(done.toString().contains("completed without its result"), done::toString);
        CallerState.awaitNothingPerCall(calls);
    }
}
