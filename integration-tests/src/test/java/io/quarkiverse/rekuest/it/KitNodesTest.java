package io.quarkiverse.rekuest.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.rekuest.test.NodeRun;
import io.quarkiverse.rekuest.test.RekuestAssured;
import io.quarkiverse.rekuest.test.TaskAssert;
import io.quarkus.test.junit.QuarkusTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's nodes tested the way the docs' "Testing your nodes and callers" page shows: with the test kit
 * ({@link RekuestAssured}) on the Dev Services server, alone without a server, and against golden definitions.
 */
@QuarkusTest
@Timeout(60)
public class KitNodesTest {

    @Test
    void functionYieldsItsValue() {
        RekuestAssured.assign("add", 2, 3).completes().yields(5);
    }

    @Test
    void argumentsByPortKeyTakeTheirDefaults() {
        RekuestAssured.assign("add", Map.of("a", 41)).yields(42);
    }

    @Test
    void generatorYieldsEveryItemInOrder() {
        RekuestAssured.assign("countdown", 3).yields(3, 2, 1, 0);
    }

    @Test
    void valuesAreTypedThroughTheNodesCodec() {
        Summary summary = RekuestAssured.assign("summarize",
                List.of(new Measurement("a", 1, Unit.UM), new Measurement("b", 3000, Unit.NM)), Unit.NM, Optional.of("s"))
                .result(Summary.class);
        assertEquals(new Summary("s", 2, 2000, Unit.NM, List.of("a", "b")), summary);
    }

    @Test
    void failureAndItsMessage() {
        RekuestAssured.assign("divide", 1.0, 0.0).failsWith("Cannot divide 1.0 by zero");
        RekuestAssured.assign("crash").endsCriticalWith("the lab is on fire");
    }

    @Test
    void progressAndLogLines() {
        TaskAssert shout = RekuestAssured.assign("shout", List.of("hello", "world")).completes();
        assertEquals(List.of(50, 100), shout.progress());
        assertEquals(List.of("shouting hello", "shouting world"), shout.logs());
        shout.yields(List.of("HELLO", "WORLD"));
    }

    @Test
    void cancelEndsTheTaskCancelled() {
        RekuestAssured.assign("sleep", 60_000L).cancel().endsWith("CANCELLED");
    }

    @Test
    void pauseAndResume() {
        RekuestAssured.assign("steps", 20, 50L)
                .pause().awaitEvent("PAUSED")
                .resume().awaitEvent("RESUMED")
                .yields(20);
    }

    @Test
    void aFailedAssertionShowsTheTasksEvents() {
        AssertionError e = assertThrows(AssertionError.class, () -> RekuestAssured.assign("add", 2, 3).yields(6));
        assertTrue(e.getMessage().contains("expected to yield [6] but yielded [5]"), e::getMessage);
        assertTrue(e.getMessage().contains("\n  YIELD {return0=5}"), e::getMessage);
        assertTrue(e.getMessage().contains("\n  COMPLETED"), e::getMessage);
        AssertionError wrongEnd = assertThrows(AssertionError.class,
                () -> RekuestAssured.assign("divide", 1.0, 0.0).within(Duration.ofSeconds(20)).completes());
        assertTrue(wrongEnd.getMessage().contains("expected to end COMPLETED but ended FAILED"), wrongEnd::getMessage);
        assertTrue(wrongEnd.getMessage().contains("FAILED \"Cannot divide 1.0 by zero\""), wrongEnd::getMessage);
    }

    // ------------------------------------------------------------------ without a server

    @Test
    void aNodeAloneThroughItsCodecs() {
        assertEquals(5, RekuestAssured.invoke("add", 2, 3).value());
        assertEquals(List.of(3, 2, 1, 0), RekuestAssured.invoke("countdown", 3).values());
        NodeRun shout = RekuestAssured.invoke("shout", List.of("x", "y"));
        assertEquals(List.of("X", "Y"), shout.value());
        assertEquals(List.of(50, 100), shout.progress());
        assertEquals(List.of("shouting x", "shouting y"), shout.logs());
        assertEquals("{\"return0\":[\"X\",\"Y\"]}", shout.wireReturns().get(0).toString());
    }

    @Test
    void aValueThatDoesNotSurviveTheWireFailsNamingThePort() {
        AssertionError e = assertThrows(AssertionError.class, () -> RekuestAssured.invoke("add", "two", 3));
        assertTrue(e.getMessage().contains("a value does not survive the wire") && e.getMessage().contains("a"),
                e::getMessage);
    }

    // ------------------------------------------------------------------ golden definitions

    @Test
    void definitionsMatchTheirGoldenFiles() {
        for (String node : List.of("add", "countdown", "summarize")) {
            RekuestAssured.definitionOf(node).matchesGolden(Path.of("src/test/resources/rekuest/" + node + ".json"));
        }
    }

    @Test
    void aChangedDefinitionIsShown() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> RekuestAssured.definitionOf("add").hasHash("0000"));
        assertTrue(e.getMessage().contains("The wire definition of node add") && e.getMessage().contains("\"key\":\"add\""),
                e::getMessage);
    }
}
