package io.quarkiverse.rekuest.runtime.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Receives the frames of {@code /agi} that belong to the caller side (§2.8): the {@code *_EVENT} mirrors of tasks
 * this identity assigned, {@code ASSIGN_RESPONSE} and {@code CONTROL_RESPONSE}. The agent never answers them with a
 * report; when a bean of this type exists it gets them, otherwise they are dropped.
 */
public interface CallerFrameHandler {

    /** Called on the connection's event loop: must not block. */
    void onCallerFrame(JsonNode frame);

    /**
     * The server asked to stop (cancel or interrupt) a task this agent runs: the calls that task made should be
     * cancelled too. Called on the connection's event loop: must not block.
     */
    default void onTaskStopping(String taskId) {
    }

    /**
     * The agent socket got {@code INIT} again after it was down: mirrors sent meanwhile are lost, so calls that follow
     * their tasks through mirrors should look at those tasks. Called on the connection's event loop: must not block.
     */
    default void onAgentReconnected() {
    }
}
