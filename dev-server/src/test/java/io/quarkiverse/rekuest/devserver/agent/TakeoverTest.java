package io.quarkiverse.rekuest.devserver.agent;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lease (§2.2 step 3): a live incumbent is kept without {@code force} (4004) and displaced with it (4005). */
class TakeoverTest {

    private final Fixture fx = new Fixture();
    private String actionId;

    @BeforeEach
    void start() {
        actionId = Agi.implement(fx, Fixture.AGENT, Fixture.add()).actionId();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void secondRegisterWithoutForceIsRefusedWith4004AndTheFirstKeepsWorking() {
        String session = Agi.session();
        try (Agi.Connection first = Agi.register(fx, Fixture.AGENT, session, false);
                RawSocket second = RawSocket.connect(fx.server.agiUrl())) {
            second.send(Fixture.register(Fixture.AGENT, Agi.session(), false));
            JsonNode error = second.next();
            assertEquals("PROTOCOL_ERROR", error.get("type").asText(), "PROTOCOL_ERROR precedes 4004: " + error);
            assertTrue(error.get("error").isTextual());
            second.assertClosedWith(4004);

            // the incumbent still holds the lease: it gets new work and its reports are acked
            String task = Agi.assign(fx, Fixture.CALLER, actionId);
            Agi.awaitAssign(first.socket(), task);
            Agi.reportAcked(first.socket(), Fixture.frame("STARTED", task, "seq", 1));
            Agi.reportAcked(first.socket(), Fixture.frame("COMPLETED", task, "seq", 2));
            assertEquals(List.of("STARTED", "COMPLETED"), fx.eventKinds(Fixture.CALLER, task));
            assertTrue(!first.socket().isClosed(), "the incumbent stays connected");
        }
    }

    @Test
    void forcedRegisterDisplacesTheFirstWith4005AndTakesTheWork() {
        String session = Agi.session();
        try (Agi.Connection first = Agi.register(fx, Fixture.AGENT, session, false)) {
            String inFlight = Agi.assign(fx, Fixture.CALLER, actionId);
            Agi.awaitAssign(first.socket(), inFlight);

            try (Agi.Connection second = Agi.register(fx, Fixture.AGENT, session, true)) {
                first.socket().assertClosedWith(4005);
                assertEquals(List.of(inFlight), second.inquiries(), "same session: the in-flight task is inquired about");

                String task = Agi.assign(fx, Fixture.CALLER, actionId);
                Agi.awaitAssign(second.socket(), task);
                Agi.reportAcked(second.socket(), Fixture.frame("COMPLETED", task, "seq", 1));
                Agi.reportAcked(second.socket(), Fixture.frame("COMPLETED", inFlight, "seq", 2));
                assertTrue(fx.task(Fixture.CALLER, task).get("isDone").asBoolean());
                assertTrue(fx.task(Fixture.CALLER, inFlight).get("isDone").asBoolean());
                assertTrue(first.socket().history().stream().noneMatch(f -> task.equals(f.path("task").asText())),
                        "the displaced connection got none of the new work");
                second.socket().expectNoFrame(Duration.ofMillis(100));
            }
        }
    }
}
