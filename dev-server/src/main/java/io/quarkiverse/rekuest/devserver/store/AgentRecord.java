package io.quarkiverse.rekuest.devserver.store;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.devserver.auth.Identity;

/**
 * One agent: exactly one per identity. Mutable fields change under the store's lock; GraphQL reads them without
 * it, hence volatile.
 */
public final class AgentRecord {

    public final String id;
    public final Identity identity;
    public volatile String name;
    public volatile String kind = "WEBSOCKET";
    public volatile String hookUrl;
    /** The webhook's HMAC key (§2.11); never given out over GraphQL. */
    volatile String hookSecret;
    public volatile String hash = "";
    public volatile boolean connected;
    public volatile boolean blocked;
    public volatile boolean pinned;
    public volatile Instant lastSeen;
    public volatile MemoryShelveRecord memoryShelve;

    /** Fencing counter of the lease; bumped on every registration and revocation. */
    long leaseEpoch;
    /** The connection that holds the lease, or null. */
    AgentLink activeLink;
    String activeSessionId;
    /** Frames waiting for delivery: survives disconnects, FIFO (§2.7). */
    final Deque<ObjectNode> queue = new ArrayDeque<>();
    /** Fault: how many of the next queued ASSIGNs are popped and never delivered. */
    int assignsToSteal;
    /** Pending grace-window timer, or -1. */
    long graceTimer = -1;

    AgentRecord(String id, Identity identity, String name) {
        this.id = id;
        this.identity = identity;
        this.name = name;
    }

    /** The HMAC-SHA256 key of a webhook agent's messages in both directions (§2.11), or null. */
    public String hookSecret() {
        return hookSecret;
    }

    /** A webhook agent (§2.11): the server POSTs its messages to {@link #hookUrl}; always available for routing. */
    public boolean webhook() {
        return "WEBHOOK".equals(kind);
    }

    /** Live: connected and heard from within the stale window (§2.6). */
    public boolean live(Instant now, java.time.Duration staleAfter) {
        Instant seen = lastSeen;
        return connected && seen != null && seen.plus(staleAfter).isAfter(now);
    }
}
