package io.quarkiverse.rekuest.runtime.state;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.LiveState;
import io.quarkiverse.rekuest.runtime.agent.TaskContext;
import io.quarkiverse.rekuest.runtime.codec.CodecException;
import io.quarkiverse.rekuest.runtime.codec.ValueCodec;

/**
 * The live value of one state: an atomic reference, and a mark for the publisher on every change. A change costs a
 * compare-and-set and a volatile write; the value is turned into JSON only when the publisher sends.
 */
final class LiveStateImpl<T> implements LiveState<T> {

    /** What the record codec adds to a model value to name its type. */
    private static final String MODEL_IDENTIFIER = "__identifier";

    final StateMetadata metadata;
    private final ValueCodec codec;
    private final StateRegistry registry;
    private final AtomicReference<T> value = new AtomicReference<>();
    /** Changed since the publisher last looked. */
    volatile boolean dirty;
    /** The task that made the latest change, or null (background work, start-up). */
    volatile String lastTask;

    LiveStateImpl(StateMetadata metadata, ValueCodec codec, StateRegistry registry) {
        this.metadata = metadata;
        this.codec = codec;
        this.registry = registry;
    }

    @Override
    public String name() {
        return metadata.iface();
    }

    @Override
    public T get() {
        T current = value.get();
        if (current == null) {
            throw new IllegalStateException("State '" + metadata.iface() + "' (" + metadata.className()
                    + ") has no value yet. Fix: set it in an observer of AgentStarting, e.g. void init(@Observes"
                    + " AgentStarting e, LiveState<...> state) { state.set(...); }");
        }
        return current;
    }

    @Override
    public boolean isSet() {
        return value.get() != null;
    }

    @Override
    public void set(T newValue) {
        Objects.requireNonNull(newValue, () -> "State '" + metadata.iface() + "' cannot be set to null");
        String task = checkWriter();
        value.set(newValue);
        changed(task);
    }

    @Override
    public T update(UnaryOperator<T> change) {
        String task = checkWriter();
        T next = value.updateAndGet(current -> {
            if (current == null) {
                get(); // throws, naming the fix
            }
            return Objects.requireNonNull(change.apply(current),
                    () -> "The update of state '" + metadata.iface() + "' returned null");
        });
        changed(task);
        return next;
    }

    private String checkWriter() {
        String task = TaskContext.current();
        if (task != null) {
            registry.checkWriter(task, metadata);
        }
        return task;
    }

    private void changed(String task) {
        lastTask = task;
        dirty = true;
        registry.changed(this);
    }

    /** The current value as the server's JSON (an object with a member per record component), or null when unset. */
    JsonNode json() {
        T current = value.get();
        if (current == null) {
            return null;
        }
        try {
            JsonNode json = codec.shrink(current, 0);
            if (json instanceof ObjectNode object) {
                // the state's ports are the record's components: the record itself is not a model value here
                object.remove(MODEL_IDENTIFIER);
            }
            return json;
        } catch (CodecException e) {
            throw new IllegalStateException("State '" + metadata.iface() + "' cannot be written as JSON: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "LiveState[" + metadata.iface() + "=" + value.get() + "]";
    }
}
