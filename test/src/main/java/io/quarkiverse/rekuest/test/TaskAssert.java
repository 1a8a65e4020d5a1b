package io.quarkiverse.rekuest.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NumericNode;

import io.quarkiverse.rekuest.AssignedTask;
import io.quarkiverse.rekuest.TaskUpdate;
import io.quarkiverse.rekuest.runtime.codec.CodecException;
import io.quarkiverse.rekuest.runtime.codec.NodeCodec;

/**
 * One assigned task and assertions on it: its events (in order), its yielded values, how it ended, its progress and
 * log lines; with cancel, interrupt, pause and resume. Every wait is bounded ({@link #within}, 30 s by default) and
 * every failed assertion shows the task's events so far. Built on {@link AssignedTask}, the one path the Dev UI uses
 * too; obtained from {@link RekuestAssured}.
 *
 * <pre>
 * RekuestAssured.assign("add", 2, 3).completes().yields(5);
 * RekuestAssured.assign("countdown", 3).completes().yields(3, 2, 1);
 * RekuestAssured.assign("divide", 1, 0).failsWith("division by zero");
 * TaskAssert slow = RekuestAssured.assign("sleep", 10_000).awaitEvent("STARTED").cancel().endsWith("CANCELLED");
 * </pre>
 */
public final class TaskAssert {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a instanceof NumericNode x && b instanceof NumericNode y) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private final AssignedTask task;
    private final String what;
    private final NodeCodec codec;
    private final List<TaskUpdate> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Throwable streamFailure;
    private Duration timeout = Duration.ofSeconds(30);

    TaskAssert(AssignedTask task, String what, NodeCodec codec) {
        this.task = task;
        this.what = what;
        this.codec = codec;
        task.updates().subscribe().with(events::add, failure -> {
            streamFailure = failure;
            ended.complete(null);
        }, () -> ended.complete(null));
    }

    /** The task handle itself, for what this class does not cover. */
    public AssignedTask task() {
        return task;
    }

    /** The server's task id. */
    public String id() {
        return task.id();
    }

    /** Waits at most this long in every later wait (30 s by default). */
    public TaskAssert within(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    // ------------------------------------------------------------------ waiting

    /** Waits until the task has an event of {@code kind} (e.g. STARTED, PROGRESS, PAUSED). */
    public TaskAssert awaitEvent(String kind) {
        return awaitUntil(e -> e.stream().anyMatch(u -> u.kind().equals(kind)), "an event " + kind);
    }

    /** Waits until the task ended (its terminal event, or the end of its updates). */
    public TaskAssert awaitEnd() {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw failure("did not end within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return this;
    }

    private TaskAssert awaitUntil(Predicate<List<TaskUpdate>> condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(events)) {
            if (ended.isDone() && !condition.test(events)) {
                throw failure("ended without " + what);
            }
            if (System.nanoTime() > deadline) {
                throw failure("has no " + what + " within " + timeout);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return this;
    }

    // ------------------------------------------------------------------ how it ended

    /** Waits for the end and asserts the terminal kind (COMPLETED, FAILED, CRITICAL, CANCELLED, INTERRUPTED). */
    public TaskAssert endsWith(String kind) {
        awaitEnd();
        String actual = terminalKind();
        if (!kind.equals(actual)) {
            throw failure("expected to end " + kind + " but ended " + actual);
        }
        return this;
    }

    /** Waits for the end and asserts COMPLETED. */
    public TaskAssert completes() {
        return endsWith("COMPLETED");
    }

    /** Waits for the end and asserts FAILED with a message containing {@code part}. */
    public TaskAssert failsWith(String part) {
        endsWith("FAILED");
        return assertMessage("FAILED", part);
    }

    /** Waits for the end and asserts CRITICAL with a message containing {@code part}. */
    public TaskAssert endsCriticalWith(String part) {
        endsWith("CRITICAL");
        return assertMessage("CRITICAL", part);
    }

    /** The terminal kind after {@link #awaitEnd()}, or the failure of the updates stream. */
    public String terminalKind() {
        awaitEnd();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).terminal()) {
                return events.get(i).kind();
            }
        }
        return streamFailure == null ? "(no terminal event)" : "(unknown: " + streamFailure + ")";
    }

    /** The message of the task's FAILED or CRITICAL event. */
    public String failureMessage() {
        awaitEnd();
        return events.stream().filter(u -> u.kind().equals("FAILED") || u.kind().equals("CRITICAL"))
                .map(TaskUpdate::message).reduce((a, b) -> b)
                .orElseThrow(() -> failure("has no FAILED or CRITICAL event"));
    }

    private TaskAssert assertMessage(String kind, String part) {
        String message = failureMessage();
        if (message == null || !message.contains(part)) {
            throw failure("expected the " + kind + " message to contain \"" + part + "\" but it was \"" + message + "\"");
        }
        return this;
    }

    // ------------------------------------------------------------------ values

    /**
     * The yielded values so far, decoded: for this application's own node through its codec (the Java types of the
     * method's return), otherwise plain JSON values ({@code return0}, or the map of return ports when there are several).
     */
    public List<Object> yielded() {
        List<Object> values = new ArrayList<>();
        for (TaskUpdate update : events) {
            if (update.kind().equals("YIELD")) {
                values.add(decode(update.returns()));
            }
        }
        return values;
    }

    /** The yielded values so far, each converted to {@code type} (through the node's codec, else Jackson). */
    public <T> List<T> yielded(Class<T> type) {
        return yielded().stream().map(v -> convert(v, type)).toList();
    }

    /** The single value the task yielded (waits for COMPLETED), converted to {@code type}. */
    public <T> T result(Class<T> type) {
        completes();
        List<Object> values = yielded();
        if (values.size() != 1) {
            throw failure("expected exactly one yielded value but got " + values.size() + ": " + values);
        }
        return convert(values.get(0), type);
    }

    /**
     * Waits for COMPLETED and asserts the yielded values, in order (numbers compare by value, so {@code 5} matches
     * {@code 5L}; records, lists and maps compare as their JSON).
     */
    public TaskAssert yields(Object... expected) {
        completes();
        List<Object> actual = yielded();
        boolean same = actual.size() == expected.length;
        for (int i = 0; same && i < expected.length; i++) {
            same = sameValue(expected[i], actual.get(i));
        }
        if (!same) {
            throw failure("expected to yield " + java.util.Arrays.toString(expected) + " but yielded " + actual);
        }
        return this;
    }

    // ------------------------------------------------------------------ progress and logs

    /** The events so far, in order. */
    public List<TaskUpdate> events() {
        return List.copyOf(events);
    }

    /** The kinds of the events so far, in order. */
    public List<String> kinds() {
        return events.stream().map(TaskUpdate::kind).toList();
    }

    /** The PROGRESS percentages so far. */
    public List<Integer> progress() {
        return events.stream().filter(u -> u.kind().equals("PROGRESS")).map(TaskUpdate::progress).toList();
    }

    /** The LOG lines so far. */
    public List<String> logs() {
        return events.stream().filter(u -> u.kind().equals("LOG")).map(TaskUpdate::message).toList();
    }

    /** Asserts a LOG line containing {@code part} (waits for it). */
    public TaskAssert logged(String part) {
        return awaitUntil(e -> e.stream().anyMatch(u -> u.kind().equals("LOG") && u.message() != null
                && u.message().contains(part)), "a LOG line containing \"" + part + "\"");
    }

    /** Asserts a PROGRESS event of {@code percent} (waits for it). */
    public TaskAssert reportedProgress(int percent) {
        return awaitUntil(e -> e.stream().anyMatch(u -> u.kind().equals("PROGRESS") && u.progress() != null
                && u.progress() == percent), "a PROGRESS of " + percent + "%");
    }

    // ------------------------------------------------------------------ controls

    /** Asks the server to cancel the task (then {@code endsWith("CANCELLED")}). */
    public TaskAssert cancel() {
        task.cancel().await().atMost(timeout);
        return this;
    }

    /** Asks the server to interrupt the task (then {@code endsWith("INTERRUPTED")}). */
    public TaskAssert interrupt() {
        task.interrupt().await().atMost(timeout);
        return this;
    }

    /** Asks the server to pause the task (then {@code awaitEvent("PAUSED")}). */
    public TaskAssert pause() {
        task.pause().await().atMost(timeout);
        return this;
    }

    /** Asks the server to resume the task (then {@code awaitEvent("RESUMED")}). */
    public TaskAssert resume() {
        task.resume().await().atMost(timeout);
        return this;
    }

    // ------------------------------------------------------------------ internals

    private Object decode(Map<String, Object> returns) {
        if (codec != null) {
            try {
                return codec.expandReturns(MAPPER.valueToTree(returns));
            } catch (CodecException e) {
                throw failure("yielded " + returns + ", which the node's codec cannot read: " + e.getMessage());
            }
        }
        return returns.size() == 1 ? returns.values().iterator().next() : returns;
    }

    private <T> T convert(Object value, Class<T> type) {
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        try {
            return MAPPER.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw failure("yielded " + value + ", which is not a " + type.getName() + ": " + e.getMessage());
        }
    }

    private static boolean sameValue(Object expected, Object actual) {
        if (Objects.equals(expected, actual)) {
            return true;
        }
        try {
            return MAPPER.valueToTree(expected).equals(NUMBERS_BY_VALUE, MAPPER.valueToTree(actual));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** An AssertionError naming the task and listing its events. */
    AssertionError failure(String message) {
        StringBuilder text = new StringBuilder("Task ").append(task.id()).append(" (").append(what).append(") ")
                .append(message).append("\nevents:");
        List<TaskUpdate> seen = events();
        if (seen.isEmpty()) {
            text.append(" none");
        }
        for (TaskUpdate u : seen) {
            text.append("\n  ").append(u.kind());
            if (!u.returns().isEmpty()) {
                text.append(' ').append(u.returns());
            }
            if (u.progress() != null) {
                text.append(' ').append(u.progress()).append('%');
            }
            if (u.message() != null) {
                text.append(" \"").append(u.message()).append('"');
            }
        }
        if (streamFailure != null) {
            text.append("\nupdates failed: ").append(streamFailure);
        }
        return new AssertionError(text.toString());
    }
}
