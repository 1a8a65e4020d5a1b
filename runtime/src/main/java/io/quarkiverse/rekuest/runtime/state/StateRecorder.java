package io.quarkiverse.rekuest.runtime.state;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.quarkiverse.rekuest.LiveState;
import io.quarkiverse.rekuest.runtime.NodeRequirements;
import io.quarkiverse.rekuest.runtime.Requirements;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.annotations.Recorder;

/** Hands the {@code @State} records and the nodes' requirements, decided at build time, to the running application. */
@Recorder
public class StateRecorder {

    /** Creates the {@link StateRegistry} bean from the {@link NodeCodecs} bean. */
    public Function<SyntheticCreationalContext<StateRegistry>, StateRegistry> registry(List<StateMetadata> states) {
        return context -> new StateRegistry(states, context.getInjectedReference(NodeCodecs.class));
    }

    /** Creates the {@code LiveState<T>} bean of one state from the {@link StateRegistry} bean. */
    public Function<SyntheticCreationalContext<LiveState<?>>, LiveState<?>> live(String iface) {
        return context -> context.getInjectedReference(StateRegistry.class).live(iface);
    }

    /** Creates the {@link Requirements} bean. */
    public Function<SyntheticCreationalContext<Requirements>, Requirements> requirements(
            Map<String, NodeRequirements> byInterface) {
        return context -> new Requirements(byInterface);
    }
}
