package io.quarkiverse.rekuest.runtime.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.quarkiverse.rekuest.LiveState;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkiverse.rekuest.runtime.definition.JsonWriter;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;

/**
 * The application's {@code @State} records and their live values; a bean. The agent connects a
 * {@link StatePublisher} to it; until then changes are only marked (and sent once the agent is connected).
 */
public final class StateRegistry {

    private final Map<String, LiveStateImpl<?>> byInterface = new LinkedHashMap<>();
    private volatile StatePublisher publisher;
    /** Which node runs a task (its interface), or null: to check that a node changes only the states it declares. */
    private volatile Function<String, String> nodeOfTask = task -> null;
    private volatile Function<String, List<String>> manipulatesOfNode = node -> List.of();

    public StateRegistry(List<StateMetadata> states, NodeCodecs codecs) {
        for (StateMetadata state : states) {
            byInterface.put(state.iface(), new LiveStateImpl<>(state,
                    codecs.portCodec().compile(state.model(), state.type()), this));
        }
    }

    /** The live state of {@code iface}. */
    public LiveState<?> live(String iface) {
        LiveStateImpl<?> state = byInterface.get(iface);
        if (state == null) {
            throw new IllegalArgumentException("No @State with interface '" + iface + "'; there are " + byInterface.keySet());
        }
        return state;
    }

    /** Whether the application declares any state. */
    public boolean isEmpty() {
        return byInterface.isEmpty();
    }

    Collection<LiveStateImpl<?>> states() {
        return byInterface.values();
    }

    /** The interfaces of the states that have no value yet. */
    public List<String> unset() {
        List<String> unset = new ArrayList<>();
        byInterface.forEach((iface, state) -> {
            if (!state.isSet()) {
                unset.add(iface + " (" + state.metadata.className() + ")");
            }
        });
        return unset;
    }

    /** The {@code states} of {@code implementAgent}: one {@code StateImplementationInput} per state, as JSON. */
    public String implementationInputs() {
        JsonWriter json = new JsonWriter();
        json.beginArray();
        for (LiveStateImpl<?> state : byInterface.values()) {
            json.beginObject();
            json.name("interface").value(state.metadata.iface());
            json.name("definition").beginObject();
            json.name("name").value(state.metadata.name());
            json.name("ports").beginArray();
            for (PortDefinition port : state.metadata.model().children()) {
                json.rawValue(port.toJson());
            }
            json.endArray();
            json.endObject();
            json.endObject();
        }
        json.endArray();
        return json.toString();
    }

    /**
     * Lets the registry refuse a change made by a node that does not list the state in {@code manipulates}.
     *
     * @param nodeOfTask the interface of the node running a task, or null
     * @param manipulatesOfNode the state interfaces a node declares
     */
    public void guard(Function<String, String> nodeOfTask, Function<String, List<String>> manipulatesOfNode) {
        this.nodeOfTask = nodeOfTask;
        this.manipulatesOfNode = manipulatesOfNode;
    }

    void checkWriter(String task, StateMetadata state) {
        String node = nodeOfTask.apply(task);
        if (node != null && !manipulatesOfNode.apply(node).contains(state.iface())) {
            throw new IllegalStateException("Node '" + node + "' changed state '" + state.iface() + "' ("
                    + state.className() + "), which it does not declare. Fix: add " + simpleName(state.className())
                    + ".class to @Node(manipulates = ...) of that node");
        }
    }

    private static String simpleName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    }

    /** From now on, changes go to {@code publisher}. */
    public void publishTo(StatePublisher publisher) {
        this.publisher = publisher;
    }

    void changed(LiveStateImpl<?> state) {
        StatePublisher current = publisher;
        if (current != null) {
            current.changed();
        }
    }
}
