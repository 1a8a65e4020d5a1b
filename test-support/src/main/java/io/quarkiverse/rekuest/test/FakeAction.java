package io.quarkiverse.rekuest.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.quarkiverse.rekuest.test.wire.Definitions;

/**
 * One action a {@link FakeAgent} serves: its definition (key, kind, ports) and what it does with each task. Built
 * fluently:
 *
 * <pre>
 * FakeAction.function("triple").arg("n", "INT").returns("INT").respond(task -&gt; task.yield(3 * task.arg("n").asInt()).complete())
 * FakeAction.function("spell").arg("word", "STRING").returns("STRING").answer("HELLO!")
 * FakeAction.generator("count").returns("INT").stream(1, 2, 3)
 * FakeAction.function("refuse").returns("INT").fail("refused")
 * FakeAction.function("slow").returns("INT").answer(5).after(Duration.ofMillis(300))
 * FakeAction.function("stuck").returns("INT").hang()
 * </pre>
 *
 * Port kinds are the wire names ({@code INT}, {@code STRING}, {@code FLOAT}, {@code BOOL}, {@code DICT} ...).
 */
public final class FakeAction {

    private final String key;
    private final String kind;
    private final List<Map<String, Object>> args = new ArrayList<>();
    private final List<Map<String, Object>> returns = new ArrayList<>();
    private boolean idempotent;
    private boolean ignoresCancel;
    private Duration delay = Duration.ZERO;
    private Consumer<FakeTask> behaviour;

    private FakeAction(String key, String kind) {
        this.key = Objects.requireNonNull(key, "key");
        this.kind = kind;
    }

    /** A FUNCTION with this key (also its interface). */
    public static FakeAction function(String key) {
        return new FakeAction(key, "FUNCTION");
    }

    /** A GENERATOR with this key (also its interface). */
    public static FakeAction generator(String key) {
        return new FakeAction(key, "GENERATOR");
    }

    /** An argument port (non-nullable). */
    public FakeAction arg(String portKey, String portKind) {
        args.add(Definitions.port(portKey, portKind));
        return this;
    }

    /** More return ports (non-nullable), numbered on from the ones declared before: {@code return0 ... returnN}. */
    public FakeAction returns(String... portKinds) {
        for (String portKind : portKinds) {
            returns.add(Definitions.port("return" + returns.size(), portKind));
        }
        return this;
    }

    /** One more return port, nullable ({@code Optional} or a boxed type on the caller's side). */
    public FakeAction returnsNullable(String portKind) {
        Map<String, Object> port = Definitions.port("return" + returns.size(), portKind);
        port.put("nullable", true);
        returns.add(port);
        return this;
    }

    /** Declared idempotent (callers may retry it). */
    public FakeAction idempotent() {
        this.idempotent = true;
        return this;
    }

    /** Its tasks ignore {@code CANCEL} (a node that does not stop nicely); they still obey {@code INTERRUPT}. */
    public FakeAction ignoringCancel() {
        this.ignoresCancel = true;
        return this;
    }

    /** Waits this long after the ASSIGN before doing what it does (a cancel in between stops it). */
    public FakeAction after(Duration delay) {
        this.delay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** Answers every task with one YIELD of these values (one per return port) and COMPLETED. */
    public FakeAction answer(Object... values) {
        List<Object> copy = Arrays.asList(values.clone());
        return respond(task -> task.yield(copy.toArray()).complete());
    }

    /** Answers every task with one YIELD per value (a single return port) and COMPLETED. */
    public FakeAction stream(Object... values) {
        List<Object> copy = Arrays.asList(values.clone());
        return respond(task -> {
            copy.forEach(task::yield);
            task.complete();
        });
    }

    /** Fails every task with FAILED and this message. */
    public FakeAction fail(String message) {
        return respond(task -> task.fail(message));
    }

    /** Ends every task with CRITICAL and this message. */
    public FakeAction critical(String message) {
        return respond(task -> task.critical(message));
    }

    /** Never answers: the task stays running until it is cancelled (CANCELLED) or interrupted (INTERRUPTED). */
    public FakeAction hang() {
        return respond(task -> {
        });
    }

    /** Does whatever {@code behaviour} does with each task (on a thread of its own, which may wait). */
    public FakeAction respond(Consumer<FakeTask> behaviour) {
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        return this;
    }

    public String key() {
        return key;
    }

    /** The implementation as {@code implementAgent} takes it. */
    Map<String, Object> implementation() {
        if (behaviour == null) {
            throw new IllegalStateException("FakeAction " + key + " has no behaviour: call answer(...), stream(...), "
                    + "fail(...), critical(...), hang() or respond(...)");
        }
        return Definitions.implementation(key, kind, idempotent, List.copyOf(args), List.copyOf(returns));
    }

    boolean ignoresCancel() {
        return ignoresCancel;
    }

    Duration delay() {
        return delay;
    }

    Consumer<FakeTask> behaviour() {
        return behaviour;
    }
}
