package io.quarkiverse.rekuest.runtime.agent.webhook;

import com.fasterxml.jackson.databind.JsonNode;

/** Where the intake hands a verified message from the server: the agent's webhook transport. */
public interface WebhookInbox {

    /** A message from the server (ASSIGN, CANCEL, ... or a {@code *_EVENT} mirror); must not block. */
    void receive(JsonNode frame);
}
