package io.quarkiverse.rekuest.runtime.dependency;

import java.util.List;

/**
 * One other application a node needs, derived at build time from a {@code @RekuestClient} interface injected into the
 * node's bean, and declared with the node's implementation in {@code implementAgent} ({@code AgentDependencyInput},
 * protocol.adoc §5.4).
 *
 * @param key the dependency's key within the implementation: the interface's simple name ({@code OtherApp})
 * @param clientInterface the interface's fully qualified name
 * @param app the application that must provide the actions ({@code @RemoteAction(app)} of the interface), or empty
 * @param optional whether the node can run without it ({@code @RekuestClient(optional = true)})
 * @param actions one slot per method of the interface
 */
public record AgentDependency(String key, String clientInterface, String app, boolean optional, List<ActionSlot> actions) {
}
