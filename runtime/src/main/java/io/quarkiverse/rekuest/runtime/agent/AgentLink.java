package io.quarkiverse.rekuest.runtime.agent;

/**
 * One {@code /agi} connection as the outbox sees it: somewhere to write frames, in call order. A new link is made for
 * every connection, so "sent on this link" identifies the server-side consumer that will process a frame.
 */
interface AgentLink {

    /** Writes one text frame; never blocks. Frames written from one thread arrive in call order. */
    void send(String text);
}
