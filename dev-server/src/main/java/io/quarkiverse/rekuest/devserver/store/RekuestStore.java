package io.quarkiverse.rekuest.devserver.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import java.util.function.ToLongBiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.devserver.auth.Identity;

/**
 * The in-memory state of the server: agents, actions, implementations, tasks and their events, memory drawers, and
 * the per-agent delivery queues. Every change happens under this object's monitor, so the state is always
 * consistent and events are published in commit order. Timers (grace window, reaper) are scheduled through the
 * functions given at construction, so the store itself has no thread of its own.
 */
public final class RekuestStore {

    /** Timings the store needs (from the server configuration). */
    public record Timings(Duration staleAfter, Duration grace) {
    }

    private final Timings timings;
    private final ToLongBiFunction<Long, Runnable> scheduleTimer;
    private final LongConsumer cancelTimer;
    private final Clock clock = Clock.systemUTC();

    private long agentSeq, actionSeq, implementationSeq, taskSeq, eventSeq, shelveSeq, drawerSeq;

    private final Map<String, AgentRecord> agentsById = new LinkedHashMap<>();
    private final Map<String, AgentRecord> agentsByIdentity = new HashMap<>();
    private final Map<String, ActionRecord> actionsById = new LinkedHashMap<>();
    private final Map<String, ActionRecord> actionsByIdentity = new HashMap<>();
    private final Map<String, ImplementationRecord> implementationsById = new LinkedHashMap<>();
    private final Map<String, TaskRecord> tasksById = new LinkedHashMap<>();
    private final Map<String, TaskEventRecord> eventsById = new HashMap<>();
    private final Map<String, MemoryDrawerRecord> drawersById = new LinkedHashMap<>();
    /** Open (not done) tasks per agent id, for inquiries and the loss rules. */
    private final Map<String, Set<TaskRecord>> openTasksByAgent = new HashMap<>();
    /** Socket ASSIGN_REQUEST idempotency: caller key + reference → task. */
    private final Map<String, TaskRecord> socketAssignsByReference = new HashMap<>();
    private final List<TaskFeed> feeds = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Function<AgentRecord, AgentLink> webhookLinks;
    /** Declared states and locks and what the agents' state and lock frames make of them (§5.5). */
    private final StateStore states = new StateStore();

    /**
     * @param scheduleTimer schedules a runnable after a delay in milliseconds and returns a timer id
     * @param cancelTimer cancels a timer by id
     */
    public RekuestStore(Timings timings, ToLongBiFunction<Long, Runnable> scheduleTimer, LongConsumer cancelTimer) {
        this.timings = timings;
        this.scheduleTimer = scheduleTimer;
        this.cancelTimer = cancelTimer;
    }

    /** The agents' states and locks. */
    public StateStore states() {
        return states;
    }

    /** How webhook agents get their messages delivered (§2.11); set by the server before it listens. */
    public void webhookLinks(java.util.function.Function<AgentRecord, AgentLink> factory) {
        this.webhookLinks = factory;
    }

    /** Marks the link of a webhook agent: it is not a connection, no REGISTER displaces it. */
    public interface WebhookDelivery extends AgentLink {
    }

    public void subscribe(TaskFeed feed) {
        feeds.add(feed);
    }

    public void unsubscribe(TaskFeed feed) {
        feeds.remove(feed);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    // ------------------------------------------------------------------ agents

    /** Get-or-create the identity's agent; (re)creates its memory shelve, deleting every drawer (§1.1). */
    public synchronized AgentRecord ensureAgent(Identity identity, String name, String kind, String hookUrl) {
        return ensureAgent(identity, name, kind, hookUrl, null);
    }

    /**
     * Get-or-create the identity's agent; (re)creates its memory shelve, deleting every drawer (§1.1). A
     * {@code WEBHOOK} agent (§2.11) gets its messages POSTed to {@code hookUrl}, signed with {@code hookSecret}: both
     * are required for it (the real server's behaviour without them is not documented; the dev server refuses).
     */
    public synchronized AgentRecord ensureAgent(Identity identity, String name, String kind, String hookUrl,
            String hookSecret) {
        if (kind != null && !"WEBSOCKET".equals(kind) && !"WEBHOOK".equals(kind)) {
            throw new RekuestException("Unknown agent kind '" + kind + "': use WEBSOCKET or WEBHOOK");
        }
        if ("WEBHOOK".equals(kind)) {
            if (hookUrl == null || hookUrl.isBlank() || !(hookUrl.startsWith("http://") || hookUrl.startsWith("https://"))) {
                throw new RekuestException("A WEBHOOK agent needs hookUrl, the http(s) URL the server POSTs its messages"
                        + " to; got " + (hookUrl == null ? "none" : "'" + hookUrl + "'"));
            }
            if (hookSecret == null || hookSecret.isEmpty()) {
                throw new RekuestException("A WEBHOOK agent needs hookUrlSecret, the key that signs its messages in both"
                        + " directions (X-Rekuest-Signature)");
            }
        }
        AgentRecord agent = agentFor(identity, name);
        if (kind != null) {
            agent.kind = kind;
        }
        if (hookUrl != null) {
            agent.hookUrl = hookUrl;
        }
        if (hookSecret != null) {
            agent.hookSecret = hookSecret;
        }
        if (agent.webhook() && webhookLinks != null && !(agent.activeLink instanceof WebhookDelivery)) {
            // a webhook agent has no connection: its "link" POSTs every queued message as it is queued (§2.11)
            agent.activeLink = webhookLinks.apply(agent);
            agent.activeLink.deliverQueued();
        } else if (!agent.webhook() && agent.activeLink instanceof WebhookDelivery) {
            agent.activeLink = null;
        }
        if (agent.memoryShelve != null) {
            agent.memoryShelve.drawers.keySet().forEach(drawersById::remove);
        }
        agent.memoryShelve = new MemoryShelveRecord(String.valueOf(++shelveSeq), agent);
        return agent;
    }

    private AgentRecord agentFor(Identity identity, String name) {
        if (identity.app() == null || identity.release() == null) {
            throw new RekuestException("Client '" + identity.clientId()
                    + "' has no release: its token needs the claims client_app and client_release to register an agent");
        }
        if (identity.organization() == null) {
            throw new RekuestException("The token has no organization (claim org): agents belong to an organization");
        }
        AgentRecord agent = agentsByIdentity.get(identity.key());
        if (agent == null) {
            agent = new AgentRecord(String.valueOf(++agentSeq), identity, name == null ? identity.app() : name);
            agentsById.put(agent.id, agent);
            agentsByIdentity.put(identity.key(), agent);
            openTasksByAgent.put(agent.id, new LinkedHashSet<>());
        } else if (name != null) {
            agent.name = name;
        }
        return agent;
    }

    /**
     * One atomic reconcile (§1.1): upserts the agent and every declared implementation, deletes the agent's
     * implementations that are no longer declared. Everything is validated before anything changes.
     */
    public synchronized AgentRecord implementAgent(Identity identity, String name, List<JsonNode> implementations,
            String hash) {
        List<JsonNode> declared = new ArrayList<>();
        Set<String> interfaces = new LinkedHashSet<>();
        Set<String> actionKeys = new LinkedHashSet<>();
        for (JsonNode implementation : implementations) {
            JsonNode definition = implementation.path("definition");
            String iface = implementation.path("interface").asText(null);
            if (iface == null || iface.isBlank()) {
                throw new RekuestException("Implementation of '" + definition.path("key").asText()
                        + "' has no interface: every implementation needs an agent-unique interface name");
            }
            if (!interfaces.add(iface)) {
                throw new RekuestException("Interface '" + iface + "' is declared twice: interfaces are unique per agent");
            }
            if (!actionKeys.add(definition.path("key").asText() + "@" + definition.path("version").asText())) {
                throw new RekuestException("Action '" + definition.path("key").asText() + "' version "
                        + definition.path("version").asText() + " is implemented twice by this agent");
            }
            DefinitionRules.validate(definition, implementation.path("effect").asText("NONE"));
            Dependencies.validate(iface, implementation.path("dependencies"));
            declared.add(implementation);
        }
        AgentRecord agent = agentFor(identity, name);
        if (agent.memoryShelve == null) {
            agent.memoryShelve = new MemoryShelveRecord(String.valueOf(++shelveSeq), agent);
        }
        agent.hash = hash != null ? hash : UUID.randomUUID().toString();
        Map<String, ImplementationRecord> existing = new HashMap<>();
        for (ImplementationRecord implementation : implementationsById.values()) {
            if (implementation.agent == agent) {
                existing.put(implementation.interfaceName, implementation);
            }
        }
        for (JsonNode implementation : declared) {
            ActionRecord action = upsertAction(identity, implementation.path("definition"));
            String iface = implementation.path("interface").asText();
            ImplementationRecord record = existing.remove(iface);
            if (record == null) {
                record = new ImplementationRecord(String.valueOf(++implementationSeq), agent, iface);
                implementationsById.put(record.id, record);
            }
            record.action = action;
            record.params = implementation.get("params");
            record.needsToken = implementation.path("needsToken").asBoolean(true);
            record.effect = implementation.path("effect").asText("NONE");
            record.locks = strings(implementation.path("locks"));
            record.manipulates = strings(implementation.path("manipulates"));
            record.dependencies = implementation.path("dependencies").isArray() ? implementation.get("dependencies").deepCopy()
                    : Json.MAPPER.createArrayNode();
        }
        existing.values().forEach(gone -> implementationsById.remove(gone.id));
        return agent;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return List.copyOf(values);
    }

    private ActionRecord upsertAction(Identity identity, JsonNode definition) {
        String key = definition.path("key").asText();
        String version = definition.path("version").asText("1");
        String identityKey = identity.organization() + "\u0000" + identity.app() + "\u0000" + key + "\u0000" + version;
        ActionRecord action = actionsByIdentity.get(identityKey);
        String hash = DefinitionRules.hash(definition);
        if (action == null) {
            action = new ActionRecord(String.valueOf(++actionSeq), identity.organization(), identity.app(), key, version);
            actionsById.put(action.id, action);
            actionsByIdentity.put(identityKey, action);
        } else if (hash.equals(action.hash)) {
            return action;
        }
        // the registering app owns (organization, app, key, version): update in place
        action.hash = hash;
        action.name = definition.path("name").asText(key);
        action.description = definition.path("description").isNull() ? null : definition.path("description").asText(null);
        action.kind = definition.path("kind").asText("FUNCTION");
        action.stateful = definition.path("stateful").asBoolean(false);
        action.pure = definition.path("pure").asBoolean(false);
        action.idempotent = action.pure || definition.path("idempotent").asBoolean(false);
        action.isDev = definition.path("isDev").asBoolean(false);
        List<String> collections = new ArrayList<>();
        definition.path("collections").forEach(c -> collections.add(c.asText()));
        action.collections = List.copyOf(collections);
        action.definedAt = now();
        action.definition = definition.deepCopy();
        return action;
    }

    public synchronized ImplementationRecord deleteImplementation(Identity identity, String implementationId) {
        ImplementationRecord implementation = implementationsById.get(implementationId);
        if (implementation == null || !sameOrganization(identity, implementation.agent.identity)) {
            throw new RekuestException("Implementation " + implementationId + " not found");
        }
        implementationsById.remove(implementationId);
        return implementation;
    }

    // ------------------------------------------------------------------ /agi registration and liveness

    /** What a successful REGISTER yields: the agent and the tasks to inquire about. */
    public record Registration(AgentRecord agent, List<TaskRecord> inquiries) {
    }

    /** REGISTER refused: the socket sends PROTOCOL_ERROR when asked to, then closes with the code. */
    public static final class RegistrationRefused extends RekuestException {
        public final int closeCode;
        public final boolean protocolError;

        RegistrationRefused(int closeCode, boolean protocolError, String message) {
            super(message);
            this.closeCode = closeCode;
            this.protocolError = protocolError;
        }
    }

    /** Claims the lease for a connection (§2.2 step 3). */
    public synchronized Registration register(Identity identity, boolean force, String sessionId, AgentLink link) {
        AgentRecord agent = agentsByIdentity.get(identity.key());
        if (agent == null) {
            throw new RegistrationRefused(3003, false,
                    "No agent exists for this client, user and organization: call ensureAgent or implementAgent before REGISTER");
        }
        if (agent.blocked) {
            throw new RegistrationRefused(4003, false, "Agent " + agent.id + " is blocked");
        }
        if (agent.webhook()) {
            // not documented for v2.2.0; the dev server decides: a webhook agent has no socket to register
            throw new RegistrationRefused(3003, true, "Agent " + agent.id + " is a WEBHOOK agent: the server POSTs its"
                    + " messages to its hookUrl and it reports at /agi/http/" + agent.id + "; it cannot REGISTER on /agi");
        }
        Instant now = clock.instant();
        if (agent.activeLink != null && agent.activeLink != link && agent.live(now, timings.staleAfter()) && !force) {
            throw new RegistrationRefused(4004, true, "Agent " + agent.id
                    + " is already connected from another live connection; register with force=true to take over");
        }
        AgentLink displaced = agent.activeLink;
        agent.leaseEpoch++;
        agent.connected = true;
        agent.lastSeen = now;
        agent.activeLink = link;
        if (displaced != null && displaced != link) {
            displaced.close(4005, "Displaced by a newer connection of agent " + agent.id);
        }
        if (agent.graceTimer >= 0) {
            cancelTimer.accept(agent.graceTimer);
            agent.graceTimer = -1;
        }
        String previousSession = agent.activeSessionId;
        agent.activeSessionId = sessionId;
        List<TaskRecord> inquiries = new ArrayList<>();
        if (previousSession != null && sessionId != null && !previousSession.equals(sessionId)) {
            applyLossRules(agent, "A new session of the agent started");
        } else {
            // like the real server, straight from the task table: tasks whose ASSIGN is still queued (and follows INIT)
            // are inquired about too
            inquiries.addAll(openTasksByAgent.get(agent.id));
        }
        return new Registration(agent, inquiries);
    }

    /** A heartbeat answer renews the lease; false when this connection no longer holds it (close 4005). */
    public synchronized boolean renewLease(AgentRecord agent, AgentLink link) {
        if (agent.activeLink != link) {
            return false;
        }
        agent.lastSeen = clock.instant();
        return true;
    }

    /**
     * Fault: the next {@code count} ASSIGNs to leave the agent's queue (those queued now first) are popped and never
     * delivered, as when a connection the agent already left pops them. Their tasks count as delivered (so the loss
     * rules and inquiries cover them). Returns the tasks stolen at once; the rest are stolen as they are queued.
     */
    public synchronized List<String> stealAssigns(String agentId, int count) {
        AgentRecord agent = agentsById.get(agentId);
        if (agent == null) {
            throw new RekuestException("Agent " + agentId + " not found");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        agent.assignsToSteal += count;
        return stealQueuedAssigns(agent);
    }

    private List<String> stealQueuedAssigns(AgentRecord agent) {
        List<String> stolen = new ArrayList<>();
        for (Iterator<ObjectNode> it = agent.queue.iterator(); it.hasNext() && agent.assignsToSteal > 0;) {
            ObjectNode frame = it.next();
            if ("ASSIGN".equals(frame.path("type").asText())) {
                it.remove();
                agent.assignsToSteal--;
                TaskRecord task = tasksById.get(frame.path("task").asText());
                if (task != null) {
                    task.delivered = true;
                    stolen.add(task.id);
                }
            }
        }
        return stolen;
    }

    /**
     * Fault: the server process restarted. In-memory timers (grace windows) are lost; everything kept in the
     * database (agents with their {@code connected} and {@code lastSeen}, tasks, queues) stays as it was.
     */
    public synchronized void restarted() {
        for (AgentRecord agent : agentsById.values()) {
            if (agent.graceTimer >= 0) {
                cancelTimer.accept(agent.graceTimer);
                agent.graceTimer = -1;
            }
        }
    }

    /** Takes every queued frame for delivery on {@code link}, or none if it does not hold the lease. */
    public synchronized List<ObjectNode> takeQueued(AgentRecord agent, AgentLink link) {
        if (agent.activeLink != link || agent.queue.isEmpty()) {
            return List.of();
        }
        List<ObjectNode> frames = new ArrayList<>(agent.queue);
        agent.queue.clear();
        for (ObjectNode frame : frames) {
            if ("ASSIGN".equals(frame.path("type").asText())) {
                TaskRecord task = tasksById.get(frame.path("task").asText());
                if (task != null) {
                    task.delivered = true;
                }
            }
        }
        return frames;
    }

    /** A connection closed: if it held the lease, the agent goes offline and the grace window starts (§2.9). */
    public synchronized void disconnected(AgentRecord agent, AgentLink link) {
        if (agent.activeLink != link) {
            return;
        }
        agent.activeLink = null;
        agent.connected = false;
        long graceMillis = timings.grace().toMillis();
        if (graceMillis == 0) {
            applyLossRules(agent, "Agent disconnected");
            return;
        }
        if (agent.graceTimer >= 0) {
            cancelTimer.accept(agent.graceTimer);
        }
        agent.graceTimer = scheduleTimer.applyAsLong(graceMillis, () -> graceExpired(agent));
    }

    private synchronized void graceExpired(AgentRecord agent) {
        agent.graceTimer = -1;
        if (!agent.live(clock.instant(), timings.staleAfter())) {
            applyLossRules(agent, "Agent disconnected");
        }
    }

    /** The reaper: revokes agents that still claim a connection but stopped answering heartbeats (§2.6). */
    public synchronized void reapStaleAgents() {
        Instant now = clock.instant();
        for (AgentRecord agent : agentsById.values()) {
            if (agent.connected && !agent.live(now, timings.staleAfter())) {
                agent.connected = false;
                agent.activeLink = null;
                agent.leaseEpoch++;
                applyLossRules(agent, "Agent stopped answering heartbeats");
            }
        }
    }

    /**
     * What happens to an agent's unfinished work when it is lost (§2.9): PHYSICAL → CRITICAL; idempotent → QUEUED and
     * re-dispatched; otherwise DISCONNECTED (not done). Tasks whose ASSIGN is still queued stay queued: they were
     * never started, and the queue survives disconnects.
     */
    private void applyLossRules(AgentRecord agent, String why) {
        for (TaskRecord task : new ArrayList<>(openTasksByAgent.get(agent.id))) {
            if (!task.delivered) {
                continue;
            }
            if ("PHYSICAL".equals(task.implementation.effect)) {
                appendEvent(task, TaskEventKind.CRITICAL,
                        "Executor lost (" + why + ") while running a PHYSICAL task; it is not retried", null, null, null);
            } else if (task.action.idempotent) {
                appendEvent(task, TaskEventKind.QUEUED, "Re-queued after the executor was lost (" + why + ")", null, null,
                        null);
                task.delivered = false;
                enqueue(agent, Frames.assign(task, task.root == null ? null : task.root.id,
                        task.parent == null ? null : task.parent.id));
            } else if (task.latestEventKind != TaskEventKind.DISCONNECTED) {
                appendEvent(task, TaskEventKind.DISCONNECTED, "Agent disconnected. Fate unknown", null, null, null);
            }
        }
    }

    private void enqueue(AgentRecord agent, ObjectNode frame) {
        agent.queue.addLast(frame);
        if (agent.assignsToSteal > 0) {
            stealQueuedAssigns(agent);
        }
        if (agent.activeLink != null) {
            agent.activeLink.deliverQueued();
        }
    }

    // ------------------------------------------------------------------ tasks

    /** What a caller asks for when assigning (GraphQL {@code AssignInput} or a socket {@code ASSIGN_REQUEST}). */
    public record AssignRequest(String action, String implementation, String actionHash, String agent, String iface,
            Object args, String reference, String parent, boolean capture, boolean ephemeral, List<String> initHooks,
            String dependency, String method, List<Dependencies.Mapping> mappings) {

        public AssignRequest(String action, String implementation, String actionHash, String agent, String iface,
                Object args, String reference, String parent, boolean capture, boolean ephemeral, List<String> initHooks) {
            this(action, implementation, actionHash, agent, iface, args, reference, parent, capture, ephemeral, initHooks,
                    null, null, List.of());
        }
    }

    /** Creates a task and queues its ASSIGN (§1.5). */
    public synchronized TaskRecord assign(Identity caller, AssignRequest request) {
        ImplementationRecord implementation = route(caller, request);
        TaskRecord parent = null;
        if (request.parent() != null) {
            parent = tasksById.get(request.parent());
            if (parent == null || !sameOrganization(caller, parent.caller)) {
                throw new RekuestException("Parent task " + request.parent() + " not found");
            }
        }
        Object args = request.args() == null ? Map.of() : request.args();
        if (!(args instanceof Map)) {
            throw new RekuestException("args must be a JSON object keyed by argument port key");
        }
        Map<String, Object> dependencies = Dependencies.resolve(implementation, request.mappings(),
                agentsById.values(), implementationsById.values(), agent -> available(agent, clock.instant()));
        String reference = request.reference() != null ? request.reference() : Frames.randomId();
        OffsetDateTime now = now();
        TaskRecord task = new TaskRecord(String.valueOf(++taskSeq), reference, args, parent, implementation.action,
                implementation, caller, request.capture(), request.ephemeral(), actedOn(implementation.action, args), now);
        task.dependencies = dependencies;
        tasksById.put(task.id, task);
        openTasksByAgent.get(task.agent.id).add(task);
        for (TaskFeed feed : feeds) {
            feed.taskCreated(task);
        }
        enqueue(task.agent, Frames.assign(task, null, null));
        int hookIndex = 0;
        for (String hookHash : request.initHooks()) {
            assign(caller, new AssignRequest(null, null, hookHash, null, null, Map.of("task", task.id),
                    "init_hook_" + hookIndex++, task.id, false, false, List.of()));
        }
        return task;
    }

    private ImplementationRecord route(Identity caller, AssignRequest request) {
        Instant now = clock.instant();
        if (request.dependency() != null || request.method() != null) {
            if (request.dependency() == null || request.method() == null || request.parent() == null) {
                throw new RekuestException("An assign through a dependency needs dependency, method and parent (the task "
                        + "whose dependencies were resolved)");
            }
            TaskRecord parent = tasksById.get(request.parent());
            if (parent == null || !sameOrganization(caller, parent.caller)) {
                throw new RekuestException("Parent task " + request.parent() + " not found");
            }
            return Dependencies.route(parent, request.dependency(), request.method(), implementationsById::get,
                    agent -> available(agent, now));
        }
        if (request.action() != null) {
            ActionRecord action = actionsById.get(request.action());
            if (action == null || !action.organization.equals(caller.organization())) {
                throw new RekuestException("Action " + request.action() + " not found");
            }
            return firstAvailable(action, now);
        }
        if (request.implementation() != null) {
            ImplementationRecord implementation = implementationsById.get(request.implementation());
            if (implementation == null || !sameOrganization(caller, implementation.agent.identity)) {
                throw new RekuestException("Implementation " + request.implementation() + " not found");
            }
            if (!available(implementation.agent, now)) {
                throw new RekuestException("Agent is not available (not connected, and not a webhook agent)");
            }
            return implementation;
        }
        if (request.actionHash() != null) {
            List<ActionRecord> matches = new ArrayList<>();
            for (ActionRecord action : actionsById.values()) {
                if (action.hash.equals(request.actionHash()) && action.organization.equals(caller.organization())) {
                    matches.add(action);
                }
            }
            if (matches.isEmpty()) {
                throw new RekuestException("Action matching query does not exist (hash " + request.actionHash() + ")");
            }
            if (matches.size() > 1) {
                // the real server's Action.objects.get(hash=...) fails the same way (§10b): assign by action id instead
                throw new RekuestException("get() returned more than one Action -- it returned " + matches.size() + "!");
            }
            return firstAvailable(matches.get(0), now);
        }
        if (request.agent() != null && request.iface() != null) {
            return implementationAt(caller, request.agent(), request.iface(), now);
        }
        throw new RekuestException("No target given: assign needs one of action, implementation or actionHash");
    }

    /** Socket ASSIGN_REQUEST may target agent + interface (GraphQL assign ignores them, §10). */
    private ImplementationRecord implementationAt(Identity caller, String agentId, String iface, Instant now) {
        AgentRecord agent = agentsById.get(agentId);
        if (agent == null || !sameOrganization(caller, agent.identity)) {
            throw new RekuestException("Agent " + agentId + " not found");
        }
        for (ImplementationRecord implementation : implementationsById.values()) {
            if (implementation.agent == agent && implementation.interfaceName.equals(iface)) {
                if (!available(agent, now)) {
                    throw new RekuestException("Agent is not available (not connected, and not a webhook agent)");
                }
                return implementation;
            }
        }
        throw new RekuestException("Agent " + agentId + " has no implementation with interface '" + iface + "'");
    }

    private ImplementationRecord firstAvailable(ActionRecord action, Instant now) {
        for (ImplementationRecord implementation : implementationsById.values()) {
            if (implementation.action == action && available(implementation.agent, now)) {
                return implementation;
            }
        }
        throw new RekuestException("No active implementation found for action " + action.name);
    }

    private boolean available(AgentRecord agent, Instant now) {
        return "WEBHOOK".equals(agent.kind) || agent.live(now, timings.staleAfter());
    }

    private static List<String> actedOn(ActionRecord action, Object args) {
        List<String> actedOn = new ArrayList<>();
        Map<?, ?> values = (Map<?, ?>) args;
        for (JsonNode port : action.definition.path("args")) {
            if ("STRUCTURE".equals(port.path("kind").asText())) {
                Object value = values.get(port.path("key").asText());
                Object object = value instanceof Map<?, ?> m ? m.get("object") : value;
                if (object != null) {
                    actedOn.add(port.path("identifier").asText() + ":" + object);
                }
            }
        }
        return actedOn;
    }

    /** The controls a caller can send, with their pending event, frame and confirming event. */
    public enum Control {
        CANCEL("CANCEL", TaskEventKind.CANCELLING),
        INTERRUPT("INTERRUPT", TaskEventKind.INTERRUPTING),
        PAUSE("PAUSE", TaskEventKind.PAUSING),
        RESUME("RESUME", TaskEventKind.RESUMING);

        final String frameType;
        final TaskEventKind pending;

        Control(String frameType, TaskEventKind pending) {
            this.frameType = frameType;
            this.pending = pending;
        }
    }

    /**
     * Two-phase control (§1.5): records the {@code -ING} event and queues the frame; the agent's confirmation
     * (CANCELLED, INTERRUPTED, PAUSED, RESUMED) arrives as its own event. {@code owner}, when given, must be the
     * task's caller (socket controls check ownership, GraphQL ones do not).
     */
    public synchronized TaskRecord control(Identity requester, Identity owner, String taskId, Control control, boolean step) {
        TaskRecord task = tasksById.get(taskId);
        if (task == null || !sameOrganization(requester, task.caller)) {
            throw new RekuestException("Task " + taskId + " not found");
        }
        if (owner != null && !owner.sameAs(task.caller)) {
            throw new RekuestException("Task " + taskId + " was not created by this caller");
        }
        if (task.isDone) {
            throw new RekuestException("Task is already terminal");
        }
        task.latestInstructKind = control.frameType;
        appendEvent(task, control.pending, null, null, null, null);
        ObjectNode frame = Frames.control(control.frameType, task);
        if (control == Control.RESUME) {
            frame.put("step", step);
        }
        enqueue(task.agent, frame);
        if (control == Control.INTERRUPT) {
            for (TaskRecord other : tasksById.values()) {
                if (other.root == task && !other.isDone) {
                    other.latestInstructKind = "INTERRUPT";
                    appendEvent(other, TaskEventKind.INTERRUPTING, null, null, null, null);
                    enqueue(other.agent, Frames.control("INTERRUPT", other));
                }
            }
        }
        return task;
    }

    /** Escalates an unconfirmed cancel to an interrupt ({@code CANCEL_REQUEST.auto_interrupt}). */
    public void interruptLater(Identity owner, String taskId, long seconds) {
        // saturating: seconds * 1000 overflowed for auto_interrupt beyond ~292 million years, and the negative delay
        // then fired at once (a CANCEL_REQUEST with auto_interrupt 9223372036854775807 interrupted immediately)
        long millis = seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
        scheduleTimer.applyAsLong(millis, () -> {
            synchronized (this) {
                TaskRecord task = tasksById.get(taskId);
                if (task != null && !task.isDone && task.latestEventKind != TaskEventKind.CANCELLED) {
                    control(owner, owner, taskId, Control.INTERRUPT, false);
                }
            }
        });
    }

    /** Socket ASSIGN_REQUEST: idempotent by (caller, reference); only dependent work (a parent) is allowed (§2.8). */
    public record SocketAssign(TaskRecord task, boolean created) {
    }

    public synchronized SocketAssign assignFromSocket(Identity caller, AssignRequest request) {
        if (request.parent() == null) {
            throw new RekuestException("ASSIGN_REQUEST needs a parent: root tasks are created through GraphQL assign");
        }
        String key = caller.key() + "\u0000" + request.reference();
        TaskRecord existing = socketAssignsByReference.get(key);
        if (existing != null) {
            return new SocketAssign(existing, false);
        }
        TaskRecord task = assign(caller, request);
        socketAssignsByReference.put(key, task);
        return new SocketAssign(task, true);
    }

    /**
     * An agent's report (§2.4). Returns false when the report was ignored: a terminal report for a task that is
     * already done (terminal reports are de-duplicated by task, yet still acknowledged). Nothing else is
     * de-duplicated: like v2.2.0, a YIELD, LOG or PROGRESS for a finished task is stored, and the task stays done.
     */
    public synchronized boolean report(AgentRecord agent, TaskEventKind kind, String taskId, String message,
            Integer progress, Object returns, String level) {
        TaskRecord task = tasksById.get(taskId);
        if (task == null || task.agent != agent) {
            throw new RekuestException("Task " + taskId + " is not a task of this agent");
        }
        if (task.isDone && kind.terminal()) {
            return false;
        }
        appendEvent(task, kind, message, progress, returns, level);
        return true;
    }

    /** Whether a task exists and belongs to the agent (for reports that tolerate unknown tasks). */
    public synchronized boolean isTaskOf(AgentRecord agent, String taskId) {
        TaskRecord task = tasksById.get(taskId);
        return task != null && task.agent == agent;
    }

    private void appendEvent(TaskRecord task, TaskEventKind kind, String message, Integer progress, Object returns,
            String level) {
        OffsetDateTime now = now();
        long seq = ++eventSeq;
        TaskEventRecord event = new TaskEventRecord(String.valueOf(seq), seq, task, kind, message, progress, returns,
                level == null ? "INFO" : level, now, task.reference);
        task.events.add(event);
        eventsById.put(event.id(), event);
        task.updatedAt = now;
        // an event after the end (a late YIELD) is kept, but the task's state stays that of its terminal event
        if (!task.isDone) {
            task.latestEventKind = kind;
            if (message != null) {
                task.statusMessage = message;
            }
        }
        if (kind.terminal()) {
            task.isDone = true;
            task.finishedAt = now;
            openTasksByAgent.get(task.agent.id).remove(task);
        }
        for (TaskFeed feed : feeds) {
            feed.taskEvent(task, event);
        }
        AgentRecord callerAgent = agentsByIdentity.get(task.caller.key());
        if (callerAgent != null && callerAgent.activeLink != null) {
            callerAgent.activeLink.mirror(Frames.mirror(event));
        }
    }

    // ------------------------------------------------------------------ memory drawers and admin

    public synchronized MemoryDrawerRecord shelve(Identity identity, String identifier, String resourceId, String label,
            String description) {
        AgentRecord agent = agentsByIdentity.get(identity.key());
        if (agent == null || agent.memoryShelve == null) {
            throw new RekuestException("No agent exists for this identity: call ensureAgent before shelving values");
        }
        MemoryDrawerRecord drawer = new MemoryDrawerRecord(String.valueOf(++drawerSeq), resourceId, agent.memoryShelve,
                identifier, description, now(), label == null ? resourceId : label);
        agent.memoryShelve.drawers.put(drawer.id(), drawer);
        drawersById.put(drawer.id(), drawer);
        return drawer;
    }

    public synchronized String unshelve(Identity identity, String drawerId) {
        MemoryDrawerRecord drawer = drawersById.get(drawerId);
        if (drawer == null || !sameOrganization(identity, drawer.shelve().agent.identity)) {
            throw new RekuestException("Memory drawer " + drawerId + " not found");
        }
        drawersById.remove(drawerId);
        drawer.shelve().drawers.remove(drawerId);
        return drawerId;
    }

    /** Sends COLLECT for the drawers to their owning agents and forgets the drawers. */
    public synchronized List<String> collect(Identity identity, List<String> drawerIds) {
        Map<AgentRecord, List<String>> byAgent = new LinkedHashMap<>();
        for (String id : drawerIds) {
            MemoryDrawerRecord drawer = drawersById.get(id);
            if (drawer == null || !sameOrganization(identity, drawer.shelve().agent.identity)) {
                throw new RekuestException("Memory drawer " + id + " not found");
            }
            byAgent.computeIfAbsent(drawer.shelve().agent, a -> new ArrayList<>()).add(id);
        }
        byAgent.forEach((agent, ids) -> {
            ObjectNode frame = Frames.frame("COLLECT");
            frame.set("drawers", Json.toTree(ids));
            enqueue(agent, frame);
            ids.forEach(id -> agent.memoryShelve.drawers.remove(drawersById.remove(id).id()));
        });
        return List.copyOf(drawerIds);
    }

    /** Admin actions (§2.10): block (+KICK with reason), unblock, kick (reason not forwarded), bounce. */
    public synchronized AgentRecord admin(Identity identity, String agentId, String action, String reason) {
        AgentRecord agent = agentsById.get(agentId);
        if (agent == null || !sameOrganization(identity, agent.identity)) {
            throw new RekuestException("Agent " + agentId + " not found");
        }
        switch (action) {
            case "block" -> {
                agent.blocked = true;
                enqueue(agent, Frames.frame("KICK").put("reason", reason));
            }
            case "unblock" -> agent.blocked = false;
            case "kick" -> enqueue(agent, Frames.frame("KICK").putNull("reason"));
            case "bounce" -> enqueue(agent, Frames.frame("BOUNCE").putNull("duration"));
            default -> throw new IllegalArgumentException(action);
        }
        return agent;
    }

    // ------------------------------------------------------------------ reads (snapshots, no lock held afterwards)

    public synchronized List<AgentRecord> agents() {
        return List.copyOf(agentsById.values());
    }

    public synchronized AgentRecord agent(String id) {
        return agentsById.get(id);
    }

    public synchronized AgentRecord agentOf(Identity identity) {
        return agentsByIdentity.get(identity.key());
    }

    public synchronized List<ActionRecord> actions() {
        return List.copyOf(actionsById.values());
    }

    public synchronized ActionRecord action(String id) {
        return actionsById.get(id);
    }

    public synchronized List<ImplementationRecord> implementations() {
        return List.copyOf(implementationsById.values());
    }

    public synchronized ImplementationRecord implementation(String id) {
        return implementationsById.get(id);
    }

    public synchronized List<TaskRecord> tasks() {
        return List.copyOf(tasksById.values());
    }

    public synchronized TaskRecord task(String id) {
        return tasksById.get(id);
    }

    public synchronized List<TaskEventRecord> events(TaskRecord task) {
        return List.copyOf(task.events);
    }

    public synchronized TaskEventRecord event(String id) {
        return eventsById.get(id);
    }

    public synchronized MemoryDrawerRecord drawer(String id) {
        return drawersById.get(id);
    }

    public synchronized List<MemoryDrawerRecord> drawers(MemoryShelveRecord shelve) {
        return List.copyOf(shelve.drawers.values());
    }

    public synchronized List<TaskRecord> children(TaskRecord parent) {
        List<TaskRecord> children = new ArrayList<>();
        for (Iterator<TaskRecord> it = tasksById.values().iterator(); it.hasNext();) {
            TaskRecord task = it.next();
            if (task.parent == parent) {
                children.add(task);
            }
        }
        return children;
    }

    /** Whether an agent is live right now (for {@code Agent.active} and routing). */
    public boolean live(AgentRecord agent) {
        return agent.live(clock.instant(), timings.staleAfter());
    }

    public static boolean sameOrganization(Identity a, Identity b) {
        return a.organization() != null && a.organization().equals(b.organization());
    }
}
