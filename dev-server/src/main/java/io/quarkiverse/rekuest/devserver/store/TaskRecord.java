package io.quarkiverse.rekuest.devserver.store;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkiverse.rekuest.devserver.auth.Identity;

/** One run of an action. Events are appended under the store lock; readers take {@link RekuestStore#events}. */
public final class TaskRecord {

    public final String id;
    public final String reference;
    public final Object args;
    public final TaskRecord parent;
    public final TaskRecord root;
    public final ActionRecord action;
    public final ImplementationRecord implementation;
    public final AgentRecord agent;
    public final Identity caller;
    public final boolean capture;
    public final boolean ephemeral;
    public final List<String> actedOn;
    public final OffsetDateTime createdAt;
    public volatile boolean isDone;
    public volatile TaskEventKind latestEventKind = TaskEventKind.STARTED;
    public volatile String latestInstructKind = "ASSIGN";
    public volatile String statusMessage;
    /**
     * The implementation's dependencies as resolved when the task was assigned (§5.4):
     * {@code {depKey: [{agent, actions: {slotKey: {implementation, dependencies}}}]}}.
     */
    public volatile Map<String, Object> dependencies = Map.of();
    public volatile OffsetDateTime updatedAt;
    public volatile OffsetDateTime finishedAt;
    /** Whether the ASSIGN reached a socket: only such tasks come back as inquiries. */
    volatile boolean delivered;
    final List<TaskEventRecord> events = new ArrayList<>(4);

    TaskRecord(String id, String reference, Object args, TaskRecord parent, ActionRecord action,
            ImplementationRecord implementation, Identity caller, boolean capture, boolean ephemeral,
            List<String> actedOn, OffsetDateTime createdAt) {
        this.id = id;
        this.reference = reference;
        this.args = args;
        this.parent = parent;
        this.root = null; // v2.2.0 never sets root for assign(parent=...) children (§10)
        this.action = action;
        this.implementation = implementation;
        this.agent = implementation.agent;
        this.caller = caller;
        this.capture = capture;
        this.ephemeral = ephemeral;
        this.actedOn = actedOn;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }
}
