package io.quarkiverse.rekuest.runtime.dependency;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.annotations.Recorder;

/** Creates the {@link NodeDependencies} bean from what the build derived. */
@Recorder
public class DependencyRecorder {

    /** @param byNode the dependencies of each node, by its interface name */
    public Function<SyntheticCreationalContext<NodeDependencies>, NodeDependencies> dependencies(
            Map<String, List<AgentDependency>> byNode) {
        return context -> new NodeDependencies(byNode);
    }
}
