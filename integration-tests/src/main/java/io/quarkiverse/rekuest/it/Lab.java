package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkiverse.rekuest.AgentStarting;
import io.quarkiverse.rekuest.Effect;
import io.quarkiverse.rekuest.LiveState;
import io.quarkiverse.rekuest.LogLevel;
import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Port;
import io.quarkiverse.rekuest.State;
import io.quarkiverse.rekuest.Task;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Nodes of every other supported shape: threads, task handle, crash, slow and cancellable, structured ports. */
public class Lab {

    /**
     * Tells which kind of thread it runs on: "virtual" on JDK 21+, where {@code @RunOnVirtualThread} runs it on a
     * virtual thread; Quarkus falls back to a worker thread on JDK 17.
     *
     * @return "virtual" or "platform"
     */
    @Node
    @RunOnVirtualThread
    public String threadKind() {
        return isVirtual(Thread.currentThread()) ? "virtual" : "platform";
    }

    /**
     * Upper-cases words, reporting progress and a log line per word through the task handle.
     *
     * @param task the running task
     * @param words the words
     * @return the words in upper case
     */
    @Node
    public List<String> shout(Task task, List<String> words) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            task.log(LogLevel.DEBUG, "shouting " + words.get(i));
            result.add(words.get(i).toUpperCase());
            task.progress((i + 1) * 100 / words.size(), "word " + (i + 1) + " of " + words.size());
        }
        return result;
    }

    /** Fails unexpectedly: a bug, reported CRITICAL. */
    @Node
    public int crash() {
        throw new IllegalStateException("the lab is on fire");
    }

    /**
     * Sleeps on a worker thread; cancelling the task interrupts it.
     *
     * @param millis how long to sleep
     * @return how long it slept
     */
    @Node
    public long sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }

    /**
     * Moves the microscope stage (imagined: it sleeps): a physical effect, which the server never runs twice. When the
     * agent is lost while it runs, the server ends the task CRITICAL. One move at a time (the lock {@code stage}); a
     * move that waits says so; the stage's state shows the moves.
     *
     * @param millis how long the move takes
     * @return how long it took
     */
    @Node(effect = Effect.PHYSICAL, locks = "stage", maxConcurrency = 1, reportWaiting = true, manipulates = StagePosition.class)
    public long moveStage(long millis) throws InterruptedException {
        stage.update(s -> new StagePosition(s.moves(), true));
        try {
            Thread.sleep(millis);
        } finally {
            stage.update(s -> new StagePosition(s.moves() + 1, false));
        }
        return millis;
    }

    /**
     * The microscope stage as the platform sees it: published by the agent, readable with {@code states} and
     * {@code watchState}.
     *
     * @param moves how many moves finished
     * @param moving whether a move runs now
     */
    @State("stage")
    public record StagePosition(long moves, boolean moving) {
    }

    @Inject
    LiveState<StagePosition> stage;

    /** Start-up work: the stage's first value, before the agent registers. */
    void homeStage(@Observes AgentStarting starting) {
        stage.set(new StagePosition(0, false));
    }

    /**
     * Squares a number, slowly: idempotent, so the server assigns it again when the agent running it is lost.
     *
     * @param x the number
     * @param millis how long it takes
     * @return x squared
     */
    @Node(idempotent = true)
    public long slowSquare(long x, long millis) throws InterruptedException {
        Thread.sleep(millis);
        return x * x;
    }

    /**
     * Waits on the event loop without blocking it; cancelling the task cancels the {@code Uni}.
     *
     * @param millis how long to wait
     * @return "done"
     */
    @Node
    public Uni<String> await(long millis) {
        return Uni.createFrom().item("done").onItem().delayIt().by(Duration.ofMillis(millis));
    }

    /**
     * Ticks forever, every interval; cancelling the task cancels the stream.
     *
     * @param intervalMillis the interval between ticks
     * @return the tick numbers
     */
    @Node
    public Multi<Long> ticker(@Port(defaultValue = "100") long intervalMillis) {
        return Multi.createFrom().ticks().every(Duration.ofMillis(intervalMillis));
    }

    /**
     * Works in steps, with a pause point before each: PAUSE stops it at the next step until RESUME.
     *
     * @param task the running task
     * @param steps how many steps
     * @param stepMillis how long one step takes
     * @return how many steps were done
     */
    @Node
    public int steps(Task task, int steps, @Port(defaultValue = "100") long stepMillis) throws InterruptedException {
        for (int i = 0; i < steps; i++) {
            task.pausePoint();
            Thread.sleep(stepMillis);
        }
        return steps;
    }

    /**
     * Summarises measurements: records, enums, lists and optional arguments.
     *
     * @param measurements the measurements
     * @param unit the unit of the mean
     * @param label a label for the series, "series" when left out
     * @return the summary
     */
    @Node
    public Summary summarize(List<Measurement> measurements, Unit unit, Optional<String> label) {
        double sum = 0;
        List<String> names = new ArrayList<>();
        for (Measurement m : measurements) {
            sum += m.value() * nanometres(m.unit()) / nanometres(unit);
            names.add(m.name());
        }
        double mean = measurements.isEmpty() ? 0 : sum / measurements.size();
        return new Summary(label.orElse("series"), measurements.size(), mean, unit, names);
    }

    private static double nanometres(Unit unit) {
        return switch (unit) {
            case NM -> 1;
            case UM -> 1_000;
            case MM -> 1_000_000;
        };
    }

    private static boolean isVirtual(Thread thread) {
        try {
            // Thread.isVirtual() exists from JDK 21 on; this module compiles for 17
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
