package io.quarkiverse.rekuest.runtime.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.Effect;
import io.quarkiverse.rekuest.runtime.ExecutionModel;
import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.NodeRequirements;
import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkiverse.rekuest.runtime.Requirements;
import io.quarkiverse.rekuest.runtime.ReturnKind;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.ActionKind;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The task gate on its own: all of a task's locks at once, arrival order without overtaking, LOCK before the task
 * and UNLOCK after its terminal report, a task that ends while waiting leaves the queue.
 */
class TaskGateTest {

    final OutboxTest.RecordingLink link = new OutboxTest.RecordingLink();
    final Outbox outbox = new Outbox(task -> {
    }, new ServerLag(5_000, TimeUnit.SECONDS.toNanos(10)), TimeUnit.SECONDS.toNanos(2), 1000, (delay, action) -> action.run());
    final TaskGate gate = new TaskGate(new Requirements(Map.of(
            "move", new NodeRequirements(List.of("stage"), 0, false, List.of()),
            "snap", new NodeRequirements(List.of("camera", "stage"), 0, true, List.of()),
            "expose", new NodeRequirements(List.of("camera"), 0, false, List.of()),
            "segment", new NodeRequirements(List.of(), 2, false, List.of()))), outbox);
    final List<String> started = new ArrayList<>();

    TaskGateTest() {
        outbox.attach(link);
        outbox.open(link);
    }

    static RegisteredNode node(String iface) {
        ActionDefinition definition = new ActionDefinition(iface, "1", iface, null, ActionKind.FUNCTION, List.of(), false,
                false, List.of(), List.of());
        return new RegisteredNode(new NodeMetadata("Nodes#" + iface + "()", iface, Effect.NONE, definition,
                ExecutionModel.WORKER_THREAD, ReturnKind.VOID, 0, -1), null, null);
    }

    TaskRun enter(String task, String iface) {
        TaskRun run = new TaskRun(task, node(iface), Frames.MAPPER.createObjectNode(), outbox, RekuestEvents.NONE);
        run.whenDone(() -> gate.leave(run));
        gate.enter(run, () -> started.add(task));
        return run;
    }

    static void complete(TaskRun run) {
        run.finish(Frames.report("COMPLETED", run.id));
    }

    List<String> wire() {
        List<String> frames = new ArrayList<>();
        for (JsonNode frame : link.sent) {
            String type = frame.get("type").asText();
            frames.add(switch (type) {
                case "LOCK" -> "LOCK " + frame.get("key").asText() + " " + frame.get("task").asText();
                case "UNLOCK" -> "UNLOCK " + frame.get("key").asText();
                case "PROGRESS" -> "PROGRESS " + frame.get("task").asText() + " " + frame.get("message").asText();
                default -> type + " " + frame.path("task").asText();
            });
        }
        return frames;
    }

    @Test
    void allLocksAtOnceInArrivalOrderWithoutOvertakingAndLockUnlockAroundTheTask() {
        TaskRun move = enter("1", "move");
        TaskRun snap = enter("2", "snap"); // needs the stage (held) and the camera (free): takes neither yet
        TaskRun expose = enter("3", "expose"); // the camera is free, but task 2 came first and waits for it
        assertEquals(List.of("1"), started);
        assertEquals(2, gate.waiting());

        complete(move);
        assertEquals(List.of("1", "2"), started, "task 2 gets both locks; task 3 still waits behind it");
        complete(snap);
        assertEquals(List.of("1", "2", "3"), started);
        complete(expose);

        assertEquals(List.of("LOCK stage 1", "PROGRESS 2 waiting for lock stage (held by task 1)", "COMPLETED 1",
                "UNLOCK stage", "LOCK camera 2", "LOCK stage 2", "COMPLETED 2", "UNLOCK camera", "UNLOCK stage",
                "LOCK camera 3", "COMPLETED 3", "UNLOCK camera"), wire());
        assertEquals(0, gate.waiting());
    }

    @Test
    void aTaskThatEndsWhileWaitingLeavesTheQueueAndNeverStarts() {
        TaskRun move = enter("1", "move");
        TaskRun cancelled = enter("2", "move");
        TaskRun next = enter("3", "move");
        cancelled.stop("CANCELLED");
        assertEquals(1, gate.waiting(), "the cancelled task left the queue");
        complete(move);
        complete(next);
        assertEquals(List.of("1", "3"), started);
        assertEquals(List.of("LOCK stage 1", "CANCELLED 2", "COMPLETED 1", "UNLOCK stage", "LOCK stage 3", "COMPLETED 3",
                "UNLOCK stage"), wire());
    }

    @Test
    void aConcurrencyLimitLetsThatManyRunAndTheNextStartsWhenOneEnds() {
        TaskRun a = enter("1", "segment");
        enter("2", "segment");
        enter("3", "segment");
        assertEquals(List.of("1", "2"), started);
        complete(a);
        assertEquals(List.of("1", "2", "3"), started);
    }
}
