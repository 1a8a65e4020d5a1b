package io.quarkiverse.rekuest;

/**
 * Fired synchronously when the agent stops (application shutdown), after the in-flight tasks finished or were cut
 * off and the {@link AgentBackground} beans stopped, while the connection is still open: observers close devices and
 * may change {@link State} one last time (published before the socket closes). Bounded by
 * {@code quarkus.rekuest.agent.lifecycle.shutdown-timeout}; an observer that throws or overruns is logged, the agent
 * stops anyway. Not fired when the agent never started.
 *
 * @param agentName the name the agent registered under
 */
public record AgentStopping(String agentName) {
}
