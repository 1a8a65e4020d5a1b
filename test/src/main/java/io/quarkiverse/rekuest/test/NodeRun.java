package io.quarkiverse.rekuest.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.LogLevel;
import io.quarkiverse.rekuest.Task;
import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkiverse.rekuest.runtime.codec.CodecException;
import io.quarkiverse.rekuest.runtime.codec.NodeCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * One run of a {@code @Node} method without a server ({@link RekuestAssured#invoke}): the arguments encoded by the
 * node's codec as a caller sends them and decoded as the agent reads them, the method called through the same invoker
 * the agent uses, each result encoded as the agent reports it and decoded as a caller reads it. So a value that would
 * not survive the wire fails here, with the codec's message naming the port.
 */
public final class NodeRun {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final List<Object> values;
    private final List<JsonNode> wireReturns;
    private final RecordingTask task;

    private NodeRun(List<Object> values, List<JsonNode> wireReturns, RecordingTask task) {
        this.values = values;
        this.wireReturns = wireReturns;
        this.task = task;
    }

    static NodeRun run(RegisteredNode node, Object... args) {
        NodeCodec codec = node.codec();
        String name = node.metadata().interfaceName();
        RecordingTask task = new RecordingTask();
        try {
            ObjectNode wireArgs = shrink(codec, name, args);
            Object[] arguments = codec.expandsArgsAsync() ? await(codec.argumentsAsync(wireArgs, task))
                    : codec.arguments(wireArgs, task);
            Object result = node.invoker().invoke(null, arguments);
            List<Object> outputs = switch (node.metadata().returnKind()) {
                case VOID -> List.of();
                case VALUE -> single(result);
                case UNI -> single(((Uni<?>) result).await().atMost(WAIT));
                case COMPLETION_STAGE -> single(((CompletionStage<?>) result).toCompletableFuture()
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
                case MULTI -> new ArrayList<>(((Multi<?>) result).collect().asList().await().atMost(WAIT));
            };
            List<Object> values = new ArrayList<>();
            List<JsonNode> wire = new ArrayList<>();
            for (Object output : outputs) {
                ObjectNode returns = codec.shrinksReturnsAsync() ? await(codec.returnsAsync(output)) : codec.returns(output);
                wire.add(returns);
                values.add(codec.expandsReturnsAsync() ? await(codec.expandReturnsAsync(returns))
                        : codec.expandReturns(returns));
            }
            return new NodeRun(values, wire, task);
        } catch (CodecException e) {
            throw new AssertionError("Node " + name + ": a value does not survive the wire: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Node " + name + " failed: " + e, e);
        }
    }

    /** The arguments as a caller sends them, through the node's codec; fails naming the port that does not fit. */
    static ObjectNode shrink(NodeCodec codec, String name, Object... args) {
        try {
            return codec.shrinksArgsAsync() ? await(codec.shrinkArgsAsync(args)) : codec.shrinkArgs(args);
        } catch (CodecException e) {
            throw new AssertionError("Node " + name + ": a value does not survive the wire: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Node " + name + ": cannot encode the arguments: " + e, e);
        }
    }

    /** The single value of a function (fails for a generator with another count). */
    public Object value() {
        if (values.size() != 1) {
            throw new AssertionError("expected one value but the node produced " + values.size() + ": " + values);
        }
        return values.get(0);
    }

    /** Every value, in order (a generator's yields; one for a function; none for a void node). */
    public List<Object> values() {
        return List.copyOf(values);
    }

    /** The {@code returns} objects as the agent would report them. */
    public List<JsonNode> wireReturns() {
        return List.copyOf(wireReturns);
    }

    /** The percentages the node reported through its {@link Task}. */
    public List<Integer> progress() {
        return List.copyOf(task.progress);
    }

    /** The log lines the node wrote through its {@link Task}. */
    public List<String> logs() {
        return List.copyOf(task.logs);
    }

    private static List<Object> single(Object value) {
        List<Object> one = new ArrayList<>();
        one.add(value);
        return one;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The task handle of a run without a server: records progress and logs, never cancelled. */
    static final class RecordingTask implements Task {
        final List<Integer> progress = new CopyOnWriteArrayList<>();
        final List<String> logs = new CopyOnWriteArrayList<>();
        private final String id = "local-" + UUID.randomUUID();

        @Override
        public String taskId() {
            return id;
        }

        @Override
        public Optional<String> parentTaskId() {
            return Optional.empty();
        }

        @Override
        public String user() {
            return "test";
        }

        @Override
        public String organization() {
            return "test";
        }

        @Override
        public Optional<String> provenanceToken() {
            return Optional.empty();
        }

        @Override
        public void progress(int percent, String message) {
            progress.add(percent);
        }

        @Override
        public void log(LogLevel level, String message) {
            logs.add(message);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void pausePoint() {
        }
    }
}
