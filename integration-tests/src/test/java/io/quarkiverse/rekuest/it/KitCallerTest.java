package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RemoteFailedException;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.test.DevServices;
import io.quarkiverse.rekuest.test.FakeAction;
import io.quarkiverse.rekuest.test.FakeAgent;
import io.quarkiverse.rekuest.test.RekuestAssured;
import io.quarkiverse.rekuest.test.TaskAssert;
import io.quarkus.test.junit.QuarkusTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caller code tested against a scripted other app ({@link FakeAgent}) on the Dev Services server, and the server's
 * fault controls, as the docs' "Testing your nodes and callers" page shows.
 */
@QuarkusTest
@Timeout(60)
public class KitCallerTest {

    static final String APP = "kit-other";
    static FakeAgent other;

    @Inject
    Rekuest rekuest;

    @Inject
    RekuestAgent agent;

    @BeforeAll
    static void startTheOtherApp() {
        Identities.embeddedServerOnly("the fake agent takes a dev token of the embedded server");
        other = RekuestAssured.devServices().fakeAgent(APP)
                .serve(FakeAction.function("twice").arg("n", "INT").returns("INT")
                        .respond(task -> task.yield(2 * task.arg("n").asInt()).complete()))
                .serve(FakeAction.generator("three").returns("INT").stream(1, 2, 3))
                .serve(FakeAction.function("refuse").returns("STRING").fail("not today"))
                .serve(FakeAction.function("late").returns("STRING").answer("finally").after(Duration.ofMillis(300)))
                .serve(FakeAction.function("stuck").returns("INT").hang())
                .start();
    }

    @AfterAll
    static void stopTheOtherApp() {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void callerCodeAgainstTheFakeApp() {
        assertEquals(14, rekuest.use("twice").app(APP).call(7));
        assertEquals(List.of(1, 2, 3), rekuest.use("three").app(APP).iterate().collect().asList().await()
                .atMost(Duration.ofSeconds(15)));
        RemoteFailedException e = assertThrows(RemoteFailedException.class, () -> rekuest.use("refuse").app(APP).call());
        assertEquals("not today", e.remoteMessage());
        assertEquals("finally", rekuest.use("late").app(APP).call());
        assertEquals(7, other.arguments("twice").get(0).path("n").asInt(), "the fake app saw the arguments");
    }

    @Test
    void theFluentClientOnAnyAction() {
        RekuestAssured.assign(rekuest.use("twice").app(APP), Map.of("n", 21)).yields(42);
        RekuestAssured.assign(rekuest.use("three").app(APP)).yields(1, 2, 3);
        RekuestAssured.assign(rekuest.use("refuse").app(APP)).failsWith("not today");
        int before = other.assigned("stuck").size();
        TaskAssert stuck = RekuestAssured.assign(rekuest.use("stuck").app(APP));
        other.awaitAssign("stuck", before, Duration.ofSeconds(15));
        stuck.cancel().endsWith("CANCELLED");
    }

    @Test
    void faultControlsCloseTheAppsOwnSocket() {
        DevServices server = RekuestAssured.devServices();
        String agentId = server.graphql(server.appToken()).agentNamed(NodesTest.AGENT_NAME);
        int before = agent.closeCodes().getOrDefault(3001, 0);
        server.faults().closeAgent(agentId, 3001);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (agent.closeCodes().getOrDefault(3001, 0) == before || !agent.isConnected()) {
            assertTrue(System.nanoTime() < deadline, "the agent saw the close and came back: " + agent.closeCodes());
            Thread.onSpinWait();
        }
        RekuestAssured.assign("add", 1, 2).yields(3);
    }
}
