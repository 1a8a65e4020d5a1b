package io.quarkiverse.rekuest.runtime.agent;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How the agent exchanges frames with the server: the {@code /agi} websocket ({@link AgentConnection}) or webhook POSTs
 * both ways ({@link WebhookTransport}). Either one registers the agent, hands every frame from the server to the
 * {@link AgentConnection.Handler}, and gives the outbox an {@link AgentLink} to write to; the task execution path
 * ({@link TaskDispatcher}, {@link TaskRun}, {@link Outbox}) is the same for both.
 */
interface AgentTransport {

    /** Registers (once) and starts exchanging frames; never blocks. */
    void connect();

    /** Completes when the agent is first registered and serving; fails when it stops before. */
    CompletableFuture<Void> firstInit();

    /** Whether the agent is registered and its frames get through. */
    boolean isLive();

    /** The agent's id on the server, once known. */
    String agentId();

    /** The agent id from {@code ensureAgent}, known before the first frame. */
    void registeredAs(String id);

    /** How often each close code ended an established connection (websocket only; empty otherwise). */
    Map<Integer, Integer> closes();

    /** How many attempts to start failed. */
    int startupFailures();

    /** At shutdown: stops for good. */
    void close();
}
