package io.quarkiverse.rekuest.devserver.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the store needs from a live {@code /agi} connection. Implementations must not block. */
public interface AgentLink {

    /** Queued frames are waiting: drain the agent's queue on the connection's own thread. */
    void deliverQueued();

    /** Sends one frame directly (EVENT_ACK, mirrors, responses), in call order. */
    void send(ObjectNode frame);

    /** Closes the socket with a close code (4005 when displaced, 4003 when blocked...). */
    void close(int code, String reason);
}
