package io.quarkiverse.rekuest.runtime.health;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.rekuest.runtime.config.RekuestConfig;

/**
 * Whether the agent is ready to serve assignments: the state behind the {@code rekuest agent} readiness check
 * (reported when the application has SmallRye Health; the bean exists either way, so the agent can always update it).
 * <p>
 * The agent reports its connection with {@link #setConnected(boolean, String)}: {@code false} from the start until the
 * server's {@code INIT}, again while it reconnects, {@code true} once {@code INIT} arrived. When the agent is disabled
 * ({@code quarkus.rekuest.agent.enabled=false}) or decides not to run, the state is {@linkplain #setDisabled(String)
 * disabled}, which is ready: an application without an agent must not stay out of the load balancer.
 * <p>
 * All methods are thread-safe and cheap; the state is one volatile snapshot.
 */
@ApplicationScoped
public class AgentReadiness {

    /** The agent's connection state. */
    public enum State {
        /** Not connected yet: no {@code INIT} received since the application started. */
        STARTING,
        /** {@code INIT} received: registered and serving. */
        CONNECTED,
        /** The connection was lost after having been up; the agent is reconnecting (or stopped for good). */
        DISCONNECTED,
        /** No agent runs in this application; ready. */
        DISABLED
    }

    /** An immutable snapshot of the state. */
    public record Status(State state, String detail, Instant since) {

        /** Whether the application is ready as far as the agent is concerned. */
        public boolean ready() {
            return state == State.CONNECTED || state == State.DISABLED;
        }
    }

    private volatile Status status = new Status(State.STARTING, "waiting for the server's INIT", Instant.now());

    @Inject
    void init(RekuestConfig config) {
        if (!config.agent().enabled()) {
            setDisabled("quarkus.rekuest.agent.enabled=false");
        }
    }

    /**
     * Reports the agent's connection: {@code true} when {@code INIT} arrived, {@code false} when the connection is lost
     * or registration failed (while reconnecting, or after a {@code KICK} or a refused registration).
     *
     * @param connected whether the agent is registered and serving
     * @param detail a short human-readable explanation shown in the health data, such as {@code "connected to
     *        ws://host/agi"} or {@code "reconnecting in 2 s (attempt 3): connection refused"}; never a token
     */
    public void setConnected(boolean connected, String detail) {
        State state = connected ? State.CONNECTED
                : (status.state() == State.STARTING ? State.STARTING : State.DISCONNECTED);
        status = new Status(state, detail, Instant.now());
    }

    /** Reports that no agent runs in this application (disabled, or nothing to serve); the check is then UP. */
    public void setDisabled(String reason) {
        status = new Status(State.DISABLED, reason, Instant.now());
    }

    /**
     * Reports the nodes' required dependencies (protocol.adoc §5.4) that no active agent provides, e.g. {@code action
     * 'measure' of app 'spectrometer' (Spectrometer#measure(int), needed by node 'relay')}; {@code null} or empty
     * when every one is provided. A detail of the check, not its status: the providers may come up later, and a task
     * of a node whose dependency is missing is refused by the server when it is assigned.
     */
    public void setMissingDependencies(List<String> missing) {
        missingDependencies = missing == null ? List.of() : List.copyOf(missing);
    }

    /** The required dependencies found missing by the last check (empty when none, or before the first check). */
    public List<String> missingDependencies() {
        return missingDependencies;
    }

    private volatile List<String> missingDependencies = List.of();

    /** The current state. */
    public Status status() {
        return status;
    }

    /** Whether the application is ready as far as the agent is concerned. */
    public boolean isReady() {
        return status.ready();
    }
}
