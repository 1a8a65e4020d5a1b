package io.quarkiverse.rekuest.devserver.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the store needs from a live {@code /agi} connection. Implementations must not block. */
public interface AgentLink {

    /** Queued frames are waiting: drain the agent's queue on the connection's own thread. */
    void deliverQueued();

    /**
     * Sends a {@code <KIND>_EVENT} mirror of a task this agent's identity started. It goes through the connection's
     * consumer like an inbound report (in order, at the same cost); dropped once the connection is closing.
     */
    void mirror(ObjectNode frame);

    /** Closes the socket with a close code (4005 when displaced, 4003 when blocked...). */
    void close(int code, String reason);
}
