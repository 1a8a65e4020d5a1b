package io.quarkiverse.rekuest;

/**
 * Fired synchronously before the agent registers with the rekuest server: observers do the start-up work the nodes
 * need (open a device, read a calibration) and give every {@link State} its first value. The agent registers only
 * after every observer returned, within {@code quarkus.rekuest.agent.lifecycle.startup-timeout}; an observer that
 * throws fails the agent's start. What an observer prepares is handed to nodes as beans (a producer, an
 * {@code @ApplicationScoped} device holder) or as state.
 *
 * <pre>
 * void init(&#64;Observes AgentStarting starting, LiveState&lt;StagePosition&gt; stage, Stage device) {
 *     device.home();
 *     stage.set(new StagePosition(device.x(), device.y(), false));
 * }
 * </pre>
 *
 * @param agentName the name the agent registers under
 */
public record AgentStarting(String agentName) {
}
