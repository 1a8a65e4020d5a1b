package io.quarkiverse.rekuest.devserver;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.quarkiverse.rekuest.devserver.agent.AgentSocket;
import io.quarkiverse.rekuest.devserver.agent.AgentSockets;
import io.quarkiverse.rekuest.devserver.store.AgentRecord;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.vertx.core.Context;

/**
 * Faults a real rekuest server shows under load and failures, injected on purpose so that clients can be tested
 * against them: {@code server.faults()}. Every method is safe to call from any thread except an event loop of this
 * server (tests call them from the JUnit thread); timings may be scaled down freely. The standalone server offers the
 * same faults over HTTP (see {@link DevServerConfig.Builder#faultEndpoints}).
 * <p>
 * Agents are named by their id (the {@code agent} of {@code INIT}, {@code Agent.id} in GraphQL);
 * {@link #agentId(String)} finds it by name.
 */
public final class ServerFaults {

    private final RekuestStore store;
    private final AgentSockets sockets;
    private final DevServer server;

    ServerFaults(RekuestStore store, AgentSockets sockets, DevServer server) {
        this.store = store;
        this.sockets = sockets;
        this.server = server;
    }

    /** The id of the agent with this name (the {@code name} given to {@code ensureAgent}/{@code implementAgent}). */
    public Optional<String> agentId(String name) {
        return store.agents().stream().filter(a -> Objects.equals(a.name, name)).map(a -> a.id).findFirst();
    }

    /**
     * Closes the agent's open {@code /agi} connection with a close code, as the server would: e.g. 3001 (heartbeat
     * timeout), 4005 (displaced) or 1011 (server error). What follows is what follows any close: the connection's
     * backlog is worked through for {@code closeBacklogTimeout}, then the disconnect handling runs.
     *
     * @return whether the agent had an open connection
     */
    public boolean closeConnection(String agentId, int code, String reason) {
        List<AgentSocket> open = sockets.of(agentId);
        open.forEach(s -> s.close(code, reason == null ? "Closed by a dev server fault" : reason));
        return !open.isEmpty();
    }

    /** {@link #closeConnection(String, int, String)} with a generic reason. */
    public boolean closeConnection(String agentId, int code) {
        return closeConnection(agentId, code, null);
    }

    /**
     * Stalls the consumer of the agent's open {@code /agi} connection: for {@code duration} it handles nothing, so
     * inbound frames and mirrors queue up and a heartbeat answer waits (a stall longer than the heartbeat timeout
     * ends in 3001). Outbound delivery (ASSIGN, controls) is not stalled.
     *
     * @return whether the agent had an open connection
     */
    public boolean stallConnection(String agentId, Duration duration) {
        List<AgentSocket> open = sockets.of(agentId);
        open.forEach(s -> s.stall(duration.toMillis()));
        return !open.isEmpty();
    }

    /**
     * Steals the next {@code count} ASSIGNs of the agent's delivery queue (those queued now first, then the next ones
     * to be queued): they are popped and never delivered, as when a connection the agent already left pops them. The
     * tasks count as delivered, so they stay unfinished until the agent answers an inquiry about them (a reconnect
     * with the same session) or the loss rules apply.
     *
     * @return the tasks stolen at once (ASSIGNs already queued); those stolen later are not reported
     * @throws io.quarkiverse.rekuest.devserver.store.RekuestException if there is no such agent
     */
    public List<String> stealAssigns(String agentId, int count) {
        return store.stealAssigns(agentId, count);
    }

    /**
     * Restarts the server as a process restarted on its database: every socket ({@code /agi} and the GraphQL
     * subscription sockets) is dropped without any disconnect handling, the server stops listening for {@code down}
     * (connections are refused), then listens again on the same port. The store is kept as it was: agents keep their
     * {@code connected} and {@code lastSeen}, so a REGISTER without {@code force} is refused with 4004 until the agent
     * is stale; in-memory grace timers are lost.
     *
     * @return once the server no longer listens; the future completes when it listens again
     */
    public CompletableFuture<Void> restart(Duration down) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("restart waits for the server to stop listening: do not call it on an event loop");
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        CompletableFuture<Void> listening = server.restart(down, stopped);
        try {
            stopped.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the dev server stopped listening", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The dev server did not stop listening: " + e, e);
        }
        return listening;
    }

    /** The restart fault without waiting (for the HTTP endpoint, which runs on an event loop). */
    void restartAsync(Duration down) {
        server.restart(down, new CompletableFuture<>());
    }

    /** Whether the agent is {@code connected} in the store (also true for a connection lost without disconnect handling). */
    public boolean connected(String agentId) {
        AgentRecord agent = store.agent(agentId);
        return agent != null && agent.connected;
    }
}
