package io.quarkiverse.rekuest.devserver.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The states and locks agents declare ({@code implementAgent} {@code states} / {@code locks}, protocol §5.5) and what
 * their {@code SESSION_INIT}, {@code STATE_SNAPSHOT}, {@code STATE_PATCH}, {@code LOCK} and {@code UNLOCK} frames
 * (§2.4) make of them. As on the real server: a frame for an undeclared state or lock is an error (the socket closes
 * 3003), patches are neither acknowledged nor de-duplicated, and a {@code LOCK} naming an unknown task is ignored.
 * Watchers ({@code watchState}) get every snapshot and patch in commit order.
 */
public final class StateStore {

    /** How many patches of a state are kept for reading back; older ones are dropped (the value stays exact). */
    static final int KEPT_PATCHES = 10_000;

    /** One declared state of one agent, with its current value. Mutable fields change under the store's monitor. */
    public static final class StateRecord {
        public final String id;
        public final AgentRecord agent;
        public final String iface;
        public final String key;
        public final String app;
        /** The {@code StateDefinitionInput}: {@code name} and {@code ports}. */
        public volatile JsonNode definition;
        public final OffsetDateTime createdAt;
        public volatile OffsetDateTime updatedAt;
        /** The current value, or null before the first snapshot. */
        public volatile JsonNode value;
        public volatile long globalRevision = -1;
        public volatile String sessionId;
        public volatile long patchCount;
        final ArrayNode patches = Json.MAPPER.createArrayNode();

        StateRecord(String id, AgentRecord agent, String iface, String key, String app, JsonNode definition,
                OffsetDateTime createdAt) {
            this.id = id;
            this.agent = agent;
            this.iface = iface;
            this.key = key;
            this.app = app;
            this.definition = definition;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }
    }

    /** One declared lock of one agent and the task holding it, if any. */
    public static final class LockRecord {
        public final AgentRecord agent;
        public final String key;
        public volatile String description;
        /** The task that holds it, or null. */
        public volatile String holder;
        /** Every LOCK and UNLOCK in arrival order ({@code "LOCK <task>"}, {@code "UNLOCK"}), for tests. */
        public final List<String> history = new CopyOnWriteArrayList<>();

        LockRecord(AgentRecord agent, String key) {
            this.agent = agent;
            this.key = key;
        }
    }

    /** Told about every snapshot and patch, under the store's monitor (must not block). */
    public interface Watcher {
        /** {@code event} is a {@code StateSnapshotEvent} or {@code StatePatchEvent} as a map with its typename. */
        void changed(StateRecord state, Map<String, Object> event);
    }

    private long stateSeq;
    private final Map<String, StateRecord> statesById = new LinkedHashMap<>();
    /** agent id + NUL + interface → state. */
    private final Map<String, StateRecord> statesByInterface = new LinkedHashMap<>();
    /** agent id + NUL + key → lock. */
    private final Map<String, LockRecord> locks = new LinkedHashMap<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    // ------------------------------------------------------------------ declaration

    /**
     * The agent's {@code implementAgent}: its states and locks become exactly the declared ones (a state still
     * declared keeps its id and value). Validated before anything changes.
     */
    public synchronized void declare(AgentRecord agent, List<JsonNode> states, List<JsonNode> declaredLocks) {
        Map<String, JsonNode> byInterface = new LinkedHashMap<>();
        for (JsonNode state : states) {
            String iface = state.path("interface").asText("");
            if (iface.isBlank()) {
                throw new RekuestException("A state of agent " + agent.id + " has no interface: every"
                        + " StateImplementationInput needs an agent-unique interface");
            }
            if (!state.path("definition").path("ports").isArray()) {
                throw new RekuestException("State '" + iface + "' has no definition.ports: declare its schema as"
                        + " return ports");
            }
            if (byInterface.put(iface, state) != null) {
                throw new RekuestException("State '" + iface + "' is declared twice: state interfaces are unique per agent");
            }
        }
        Map<String, JsonNode> lockKeys = new LinkedHashMap<>();
        for (JsonNode lock : declaredLocks) {
            String key = lock.path("key").asText("");
            if (key.isBlank() || lockKeys.put(key, lock) != null) {
                throw new RekuestException("Lock '" + key + "' is blank or declared twice: lock keys are unique per agent");
            }
        }
        for (Iterator<StateRecord> it = statesById.values().iterator(); it.hasNext();) {
            StateRecord state = it.next();
            if (state.agent == agent && !byInterface.containsKey(state.iface)) {
                it.remove();
                statesByInterface.remove(agent.id + "\u0000" + state.iface);
            }
        }
        for (JsonNode state : byInterface.values()) {
            String iface = state.path("interface").asText();
            StateRecord record = statesByInterface.get(agent.id + "\u0000" + iface);
            if (record == null) {
                record = new StateRecord(String.valueOf(++stateSeq), agent, iface, text(state, "key"), text(state, "app"),
                        state.path("definition").deepCopy(), now());
                statesById.put(record.id, record);
                statesByInterface.put(agent.id + "\u0000" + iface, record);
            } else {
                record.definition = state.path("definition").deepCopy();
            }
        }
        locks.keySet().removeIf(k -> k.startsWith(agent.id + "\u0000")
                && !lockKeys.containsKey(k.substring(agent.id.length() + 1)));
        for (JsonNode lock : lockKeys.values()) {
            LockRecord record = locks.computeIfAbsent(agent.id + "\u0000" + lock.path("key").asText(),
                    k -> new LockRecord(agent, lock.path("key").asText()));
            record.description = text(lock.path("definition"), "description");
        }
    }

    /** Whether the agent declared a state with this interface. */
    public synchronized boolean declares(AgentRecord agent, String iface) {
        return statesByInterface.containsKey(agent.id + "\u0000" + iface);
    }

    // ------------------------------------------------------------------ frames

    /** {@code SESSION_INIT}: the initial values, at revision 0. */
    public synchronized void sessionInit(AgentRecord agent, String sessionId, JsonNode states) {
        snapshot(agent, sessionId, 0, states);
    }

    /** {@code STATE_SNAPSHOT}: full values of some states at {@code globalRev}. */
    public synchronized void snapshot(AgentRecord agent, String sessionId, long globalRev, JsonNode snapshots) {
        if (snapshots == null || snapshots.isNull()) {
            return;
        }
        List<Map.Entry<StateRecord, JsonNode>> taken = new ArrayList<>();
        snapshots.fields().forEachRemaining(entry -> taken.add(Map.entry(declared(agent, entry.getKey()), entry.getValue())));
        OffsetDateTime now = now();
        for (Map.Entry<StateRecord, JsonNode> entry : taken) {
            StateRecord state = entry.getKey();
            state.value = entry.getValue().deepCopy();
            state.globalRevision = globalRev;
            state.sessionId = sessionId;
            state.updatedAt = now;
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("__typename", "StateSnapshotEvent");
            event.put("stateId", state.id);
            event.put("agentId", agent.id);
            event.put("interface", state.iface);
            event.put("value", Json.toJava(state.value));
            event.put("globalRevision", globalRev);
            event.put("sessionId", sessionId);
            event.put("timestamp", now);
            publish(state, event);
        }
    }

    /** {@code STATE_PATCH}: one JSON-patch operation on a declared state (RFC 6902 op, RFC 6901 path). */
    public synchronized void patch(AgentRecord agent, JsonNode frame) {
        StateRecord state = declared(agent, frame.path("state_name").asText());
        String op = frame.path("op").asText();
        String path = frame.path("path").asText();
        JsonNode value = frame.has("value") ? frame.get("value") : NullNode.getInstance();
        if (state.value == null) {
            throw new RekuestException("STATE_PATCH for state '" + state.iface + "' before any snapshot of it: send"
                    + " SESSION_INIT or STATE_SNAPSHOT first");
        }
        state.value = JsonPatch.apply(state.value, op, path, value);
        long rev = frame.hasNonNull("global_rev") ? frame.get("global_rev").asLong() : state.globalRevision + 1;
        state.globalRevision = rev;
        state.sessionId = frame.path("session_id").asText();
        state.patchCount++;
        OffsetDateTime now = now();
        state.updatedAt = now;
        ObjectNode kept = state.patches.addObject();
        kept.put("op", op).put("path", path).put("globalRevision", rev).put("task", text(frame, "task_id"))
                .put("session", state.sessionId);
        kept.set("value", value);
        if (state.patches.size() > KEPT_PATCHES) {
            state.patches.remove(0);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("__typename", "StatePatchEvent");
        event.put("stateId", state.id);
        event.put("agentId", agent.id);
        event.put("interface", state.iface);
        event.put("op", op);
        event.put("path", path);
        event.put("value", Json.toJava(value));
        event.put("globalRevision", rev);
        event.put("sessionId", state.sessionId);
        event.put("timestamp", now);
        publish(state, event);
    }

    /** {@code LOCK}: {@code key} is held by {@code task}; ignored when the task is not one of the agent's. */
    public synchronized void lock(AgentRecord agent, String key, String task, boolean taskKnown) {
        if (!taskKnown) {
            return; // the task is looked up first: an unknown one makes the frame a no-op, whatever its key
        }
        LockRecord lock = declaredLock(agent, key);
        lock.holder = task;
        lock.history.add("LOCK " + task);
    }

    /** {@code UNLOCK}: clears the holder of {@code key}. */
    public synchronized void unlock(AgentRecord agent, String key) {
        LockRecord lock = declaredLock(agent, key);
        lock.holder = null;
        lock.history.add("UNLOCK");
    }

    private StateRecord declared(AgentRecord agent, String iface) {
        StateRecord state = statesByInterface.get(agent.id + "\u0000" + iface);
        if (state == null) {
            throw new RekuestException("Agent " + agent.id + " declared no state '" + iface + "': declare it in"
                    + " implementAgent(states) before sending snapshots or patches of it");
        }
        return state;
    }

    private LockRecord declaredLock(AgentRecord agent, String key) {
        LockRecord lock = locks.get(agent.id + "\u0000" + key);
        if (lock == null) {
            throw new RekuestException("Agent " + agent.id + " declared no lock '" + key + "': declare it in"
                    + " implementAgent(locks)");
        }
        return lock;
    }

    private void publish(StateRecord state, Map<String, Object> event) {
        for (Watcher watcher : watchers) {
            watcher.changed(state, event);
        }
    }

    // ------------------------------------------------------------------ reads

    public void watch(Watcher watcher) {
        watchers.add(watcher);
    }

    public void unwatch(Watcher watcher) {
        watchers.remove(watcher);
    }

    public synchronized List<StateRecord> states() {
        return List.copyOf(statesById.values());
    }

    public synchronized StateRecord state(String id) {
        return statesById.get(id);
    }

    public synchronized List<StateRecord> statesOf(AgentRecord agent) {
        return statesById.values().stream().filter(s -> s.agent == agent).toList();
    }

    /** The lock {@code key} of {@code agent}, or null. */
    public synchronized LockRecord lockOf(AgentRecord agent, String key) {
        return locks.get(agent.id + "\u0000" + key);
    }

    /** The kept patches of a state, oldest first, as JSON ({@code op, path, value, globalRevision, task}). */
    public synchronized ArrayNode patches(StateRecord state) {
        return state.patches.deepCopy();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
