package io.quarkiverse.rekuest.runtime.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkiverse.rekuest.runtime.Requirements;
import io.quarkiverse.rekuest.runtime.agent.webhook.HttpServerStarted;
import io.quarkiverse.rekuest.runtime.agent.webhook.WebhookInbox;
import io.quarkiverse.rekuest.runtime.agent.webhook.WebhookIntake;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.runtime.auth.RekuestEndpoints;
import io.quarkiverse.rekuest.runtime.auth.TokenException;
import io.quarkiverse.rekuest.runtime.codec.GraphQLDrawers;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkiverse.rekuest.runtime.config.RekuestAgentTransportConfig;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkiverse.rekuest.runtime.graphql.AgentDeclaration;
import io.quarkiverse.rekuest.runtime.graphql.AgentRegistration;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkiverse.rekuest.runtime.lifecycle.AgentHooks;
import io.quarkiverse.rekuest.runtime.state.StatePublisher;
import io.quarkiverse.rekuest.runtime.state.StateRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * The rekuest agent: registers the application's {@code @Node} methods, keeps the {@code /agi} connection, and runs
 * the tasks the server assigns. This class is the lifecycle (start, shutdown) and wires the three parts:
 * <ul>
 * <li>{@link AgentConnection}: REGISTER/INIT, heartbeats, close codes, reconnecting;</li>
 * <li>{@link Outbox}: every report in order, kept until the server processed it, re-sent after a reconnect without
 * doubles, held back while the server is behind;</li>
 * <li>{@link TaskDispatcher}: how an ASSIGN becomes a method call and its reports; controls and inquiries.</li>
 * </ul>
 * Start-up: {@code ensureAgent} + {@code implementAgent} once per process (skipped when the server already has our
 * declaration's hash), then {@code REGISTER {token, force, session_id}} and {@code INIT}.
 */
@Singleton
public class RekuestAgent implements AgentConnection.Handler {

    private static final Logger LOG = Logger.getLogger(RekuestAgent.class);

    private static final Set<String> CALLER_RESPONSES = Set.of("ASSIGN_RESPONSE", "CONTROL_RESPONSE");
    /** Frames about tasks, handled even when they arrive on a connection being given up. */
    private static final Set<String> TASK_FRAMES = Set.of("ASSIGN", "CANCEL", "INTERRUPT", "PAUSE", "RESUME");

    private final RekuestConfig config;
    private final NodeRegistry registry;
    private final NodeCodecs codecs;
    private final TokenProvider tokens;
    private final Vertx vertx;
    private final Instance<BasicWebSocketConnector> connectors;
    private final Instance<CallerFrameHandler> callerFrames;

    /** Endpoints, TLS and the token's channels; see the auth package. */
    @Inject
    RekuestConnection connection;

    /** The state behind the readiness check: DOWN until INIT and while reconnecting, UP when connected or not run. */
    @Inject
    AgentReadiness readiness;

    /** The observer of tasks, frames and connections (metrics), when the application has one. */
    @Inject
    Instance<RekuestEvents> observers;

    /** Which transport the build chose (the webhook intake is a route of the build). */
    @Inject
    RekuestAgentTransportConfig transportConfig;

    /** When the HTTP server listens: a webhook agent registers only then. Present with the webhook transport. */
    @Inject
    Instance<HttpServerStarted> httpServerStarted;

    /** The nodes' locks, concurrency limits and states (build time). */
    @Inject
    Instance<Requirements> requirements;

    /** The application's {@code @State} records. */
    @Inject
    Instance<StateRegistry> states;

    /** Start-up, background and shutdown work of the application. */
    @Inject
    AgentHooks hooks;

    /** Publishes state changes; null when the application has no {@code @State}. Set once in start(). */
    private volatile StatePublisher statePublisher;
    /** Whether the AgentStarting observers ran (once per process, even when the start is retried). */
    private boolean startingDone;
    private String agentName;

    /** Minted once per process: the same id on reconnect lets the server hand in-flight work back (§2.2). */
    private final String sessionId = UUID.randomUUID().toString();

    // guarded by this
    private AgentTransport agentConnection;
    private Outbox outbox;
    private TaskDispatcher dispatcher;
    /** The dispatcher, published for {@link #nodeOf} without the lock. */
    private volatile TaskDispatcher nodesOfTasks;
    /** What the nodes need of other applications (declared in implementAgent), when the build found any. */
    @Inject
    Instance<io.quarkiverse.rekuest.runtime.dependency.NodeDependencies> nodeDependencies;
    private AgentRegistration registration;
    private AgentDeclaration declaration;
    private boolean started;
    private boolean stopping;
    /** Starts tried again because the server could not be found (fakts unreachable), and the timer of the next. */
    private int startAttempts;
    private long startRetryTimer = -1;
    /** Registers the memory drawers of the shelve. */
    private GraphQLDrawers drawers;
    /** Reads back what the server stored (re-sending, lost ASSIGNs); made on first use. */
    private DynamicGraphQLClient storedTasksClient;
    private StoredTasks storedTasks;
    /** The link the outbox was attached to last, and whether the queue-drained point of it was passed. */
    private AgentLink initializedLink;
    private boolean drainedSinceInit;

    public RekuestAgent(RekuestConfig config, NodeRegistry registry, NodeCodecs codecs, TokenProvider tokens, Vertx vertx,
            Instance<BasicWebSocketConnector> connectors, Instance<CallerFrameHandler> callerFrames) {
        this.config = config;
        this.registry = registry;
        this.codecs = codecs;
        this.tokens = tokens;
        this.vertx = vertx;
        this.connectors = connectors;
        this.callerFrames = callerFrames;
    }

    // =================================================================== lifecycle

    void onStart(@Observes StartupEvent event) {
        start();
    }

    /**
     * The webhook transport (§2.11): the secret and the public URL are checked here, so that a bad configuration fails
     * the start with a message naming the property.
     */
    private WebhookTransport webhookTransport(String agiUrl, RekuestEvents events) {
        RekuestConfig.Webhook webhook = config.agent().webhook();
        String secret = webhook.secret().filter(s -> !s.isEmpty()).orElseThrow(() -> new IllegalStateException(
                "quarkus.rekuest.agent.transport=webhook needs quarkus.rekuest.agent.webhook.secret, the shared secret"
                        + " that signs the messages both ways (at least 16 characters, the same on every replica)"));
        if (secret.length() < 16) {
            throw new IllegalStateException("quarkus.rekuest.agent.webhook.secret is too short (" + secret.length()
                    + " characters): use at least 16 random characters");
        }
        java.util.Optional<String> url = webhook.url();
        url.ifPresent(u -> {
            if (!u.startsWith("http://") && !u.startsWith("https://")) {
                throw new IllegalStateException("quarkus.rekuest.agent.webhook.url must be the http(s) URL the rekuest"
                        + " server POSTs to, e.g. https://lab.example.org/rekuest/webhook; got '" + u + "'");
            }
        });
        if (url.isEmpty() && !io.quarkus.runtime.LaunchMode.current().isDevOrTest()) {
            throw new IllegalStateException("quarkus.rekuest.agent.transport=webhook needs quarkus.rekuest.agent.webhook.url,"
                    + " the public URL of this application's intake as the rekuest server reaches it (e.g."
                    + " https://lab.example.org/my-app/" + WebhookIntake.PATH + ")");
        }
        if (!httpServerStarted.isResolvable()) {
            throw new IllegalStateException("The webhook transport was not built into this application: set"
                    + " quarkus.rekuest.agent.transport=webhook at build time");
        }
        java.util.function.Supplier<java.util.concurrent.CompletableFuture<String>> hookUrl = () -> httpServerStarted
                .get().listening().thenApply(local -> url.orElseGet(() -> {
                    String base = local.toString();
                    return (base.endsWith("/") ? base : base + "/") + WebhookIntake.PATH;
                })).thenApply(resolved -> {
                    declaration.webhook(resolved, secret); // ensureAgent carries kind, hookUrl and hookUrlSecret
                    return resolved;
                });
        return new WebhookTransport(vertx, connection.webClientOptions(), secret, agiUrl, webhook.timeout().toMillis(),
                hookUrl, newBackoff(), readiness, events, this);
    }

    /** The webhook transport's inbox, for the intake; null unless the agent runs with the webhook transport. */
    public synchronized WebhookInbox webhookInbox() {
        return agentConnection instanceof WebhookTransport webhook ? webhook : null;
    }

    /**
     * Before the default observers: WebSockets Next closes its client connections on shutdown too, and the agent needs
     * its socket for the grace (tasks finishing, new ones refused, last reports confirmed).
     */
    void onStop(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) ShutdownEvent event) {
        shutdown();
    }

    /** Registers and connects; with {@code fail-on-startup-error}, waits for {@code INIT} or fails. */
    void start() {
        RekuestConfig.Agent agent = config.agent();
        if (!agent.enabled() || registry.nodes().isEmpty()) {
            LOG.debugf("rekuest agent not started (enabled=%s, %d nodes)", agent.enabled(), registry.nodes().size());
            readiness.setDisabled(agent.enabled() ? "no @Node methods to serve" : "quarkus.rekuest.agent.enabled=false");
            return;
        }
        String graphqlUrl;
        String agiUrl;
        try {
            RekuestEndpoints endpoints = connection.endpoints();
            graphqlUrl = endpoints.graphqlUrl();
            agiUrl = endpoints.agiUrl();
            connection.tls();
        } catch (IllegalStateException e) {
            if (agent.failOnStartupError()) {
                throw e;
            }
            if (e instanceof TokenException token && !token.isPermanent()) {
                // the server's address comes from fakts, which cannot be reached now: try again later
                retryStartLater(token);
                return;
            }
            LOG.error(e.getMessage() + "; the rekuest agent is not started");
            readiness.setConnected(false, "not started: no rekuest server configured");
            return;
        }
        List<NodeMetadata> metadata = new ArrayList<>();
        for (RegisteredNode node : registry.nodes()) {
            metadata.add(node.metadata());
        }
        String name = agent.name().orElseGet(() -> ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.name", String.class).orElse("quarkus-rekuest-agent"));
        RekuestConfig.FlowControl flow = agent.flowControl();
        if (flow.maxRetainedReports() < 1) {
            throw new IllegalArgumentException("quarkus.rekuest.agent.flow-control.max-retained-reports must be at least 1,"
                    + " got " + flow.maxRetainedReports());
        }
        if (!runStartingWork(name)) {
            return;
        }
        Requirements needs = requirements.isResolvable() ? requirements.get() : new Requirements(Map.of());
        StateRegistry stateRegistry = states.isResolvable() && !states.get().isEmpty() ? states.get() : null;
        AgentTransport created;
        synchronized (this) {
            declaration = new AgentDeclaration(name, metadata, needs,
                    stateRegistry == null ? "[]" : stateRegistry.implementationInputs(),
                    nodeDependencies.isResolvable() ? nodeDependencies.get() : null);
            registration = new AgentRegistration(vertx, graphqlUrl, connection.webClientOptions());
            drawers = new GraphQLDrawers(connection.graphqlClient());
            codecs.shelve().connect(drawers);
            outbox = new Outbox(task -> dispatcher.terminalConfirmed(task),
                    new ServerLag(flow.initialReportCost().toNanos(), flow.serverHeartbeatInterval().toNanos()),
                    flow.maxServerLag().toNanos(), flow.maxRetainedReports(), this::later);
            RekuestEvents events = RekuestEvents.of(observers);
            dispatcher = new TaskDispatcher(registry, outbox, vertx, agent.sendStarted(), callerFrames,
                    this::storedTasks, events);
            nodesOfTasks = dispatcher;
            usePlatform(needs, stateRegistry, flow);
            agentConnection = transportConfig.transport() == RekuestAgentTransportConfig.Transport.WEBHOOK
                    ? webhookTransport(agiUrl, events)
                    : new WebsocketTransport(new AgentConnection(config, connection, tokens, readiness, vertx,
                            connectors.get(), agiUrl, sessionId, newBackoff(), () -> registry.nodes().size(), this, events));
            created = agentConnection;
            started = true;
        }
        created.connect();
        // a webhook agent registers once the HTTP server listens, which is after start-up: nothing to wait for here
        if (agent.failOnStartupError() && !(created instanceof WebhookTransport)) {
            try {
                created.firstInit().get();
            } catch (ExecutionException e) {
                shutdown();
                int attempts = created.startupFailures();
                throw new IllegalStateException("The rekuest agent could not register with " + graphqlUrl + " / " + agiUrl
                        + (attempts > 1 ? " (" + attempts + " attempts)" : "") + ": "
                        + TaskDispatcher.describe(e.getCause())
                        + ". Check quarkus.rekuest.url (or quarkus.rekuest.graphql-url and quarkus.rekuest.agi-url), that"
                        + " the server runs and accepts the token; or set quarkus.rekuest.agent.fail-on-startup-error=false"
                        + " to start anyway and keep retrying in the background", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while registering the rekuest agent", e);
            }
        }
    }

    /**
     * The {@link io.quarkiverse.rekuest.AgentStarting} observers, once, then the check that every state has a value.
     *
     * @return whether the agent may register; false (logged, readiness DOWN) when it may not and
     *         {@code fail-on-startup-error} is off
     */
    private boolean runStartingWork(String name) {
        synchronized (this) {
            agentName = name;
            if (startingDone) {
                return true;
            }
        }
        try {
            hooks.starting(name, config.agent().lifecycle().startupTimeout());
            if (states.isResolvable() && !states.get().unset().isEmpty()) {
                throw new IllegalStateException("The rekuest agent cannot register: state(s) " + states.get().unset()
                        + " have no value. Fix: set each in an observer of AgentStarting, e.g. void init(@Observes"
                        + " AgentStarting e, LiveState<...> state) { state.set(...); }");
            }
        } catch (IllegalStateException e) {
            if (config.agent().failOnStartupError()) {
                throw e;
            }
            LOG.error(e.getMessage() + "; the rekuest agent is not started");
            readiness.setConnected(false, "not started: " + e.getMessage());
            return false;
        }
        synchronized (this) {
            startingDone = true;
        }
        return true;
    }

    /** Locks and concurrency limits for the dispatcher, the state publisher on the outbox. Under this. */
    private void usePlatform(Requirements needs, StateRegistry stateRegistry, RekuestConfig.FlowControl flow) {
        if (needs.anyGated()) {
            dispatcher.useGate(new TaskGate(needs, outbox));
        }
        if (stateRegistry == null) {
            return;
        }
        RekuestConfig.States stateConfig = config.agent().states();
        Outbox box = outbox;
        // state takes at most a quarter of the server's lag budget: task reports always find room
        long stateBudget = flow.maxServerLag().toNanos() / 4;
        StatePublisher publisher = new StatePublisher(stateRegistry, sessionId, stateConfig.snapshotEvery(),
                stateConfig.flushInterval().toMillis(), this::later, new StatePublisher.Sink() {
                    @Override
                    public boolean canSendNow() {
                        return box.canSendNow(stateBudget);
                    }

                    @Override
                    public void send(ObjectNode frame) {
                        box.sendTransient(frame);
                    }
                });
        TaskDispatcher taskDispatcher = dispatcher;
        stateRegistry.guard(taskDispatcher::interfaceOf, iface -> needs.of(iface).manipulates());
        stateRegistry.publishTo(publisher);
        statePublisher = publisher;
    }

    /** The state publisher, for tests and the benchmark; null without {@code @State}. */
    public StatePublisher statePublisher() {
        return statePublisher;
    }

    /**
     * Without {@code fail-on-startup-error}, a start that could not find the server (fakts unreachable) is tried again
     * with the reconnect backoff, on a worker thread (finding the server blocks), until it gets further or the
     * application stops.
     */
    private void retryStartLater(TokenException failure) {
        RekuestConfig.Reconnect reconnect = config.agent().reconnect();
        synchronized (this) {
            if (stopping) {
                return;
            }
            startAttempts++;
            if (reconnect.maxAttempts().isPresent() && startAttempts >= reconnect.maxAttempts().getAsInt()) {
                LOG.errorf("%s; the rekuest agent gives up after %d attempts (quarkus.rekuest.agent.reconnect.max-attempts)",
                        failure.getMessage(), startAttempts);
                readiness.setConnected(false, "not started: " + failure.getMessage());
                return;
            }
            long delay = newBackoff().delayMillis(startAttempts);
            LOG.warnf("%s; the rekuest agent tries again in %d ms", failure.getMessage(), delay);
            readiness.setConnected(false, "waiting for the rekuest server: " + failure.getMessage());
            startRetryTimer = vertx.setTimer(delay, id -> {
                synchronized (this) {
                    startRetryTimer = -1;
                    if (stopping) {
                        return;
                    }
                }
                Infrastructure.getDefaultWorkerPool().execute(this::start);
            });
        }
    }

    /** The reconnect delays of {@code quarkus.rekuest.agent.reconnect.*}. */
    private Backoff newBackoff() {
        RekuestConfig.Reconnect reconnect = config.agent().reconnect();
        return new Backoff(reconnect.initialDelay(), reconnect.maxDelay(), reconnect.factor(), reconnect.jitter(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Stops taking work, lets in-flight tasks finish within the grace, reports the rest, closes. */
    void shutdown() {
        AgentTransport agentConnection;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            if (startRetryTimer >= 0) {
                vertx.cancelTimer(startRetryTimer);
                startRetryTimer = -1;
            }
            if (!started) {
                return;
            }
            agentConnection = this.agentConnection;
        }
        readiness.setConnected(false, "shutting down");
        dispatcher.stopTakingWork();
        long deadline = System.nanoTime() + config.agent().shutdownGrace().toNanos();
        while (dispatcher.hasRunningTasks() && System.nanoTime() < deadline) {
            sleep(10);
        }
        int cutOff = dispatcher.abortRunning("The agent shut down before the task finished");
        RekuestConfig.Lifecycle lifecycle = config.agent().lifecycle();
        hooks.stop(agentName, lifecycle.backgroundStopTimeout(), lifecycle.shutdownTimeout());
        // give the server a moment to confirm the last reports
        long confirmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        StatePublisher publisher = statePublisher;
        while (publisher != null && publisher.hasPending() && agentConnection.isLive()
                && System.nanoTime() < confirmDeadline) {
            sleep(10); // the last state changes (shutdown work included) go out first
        }
        while (outbox.unconfirmedReports() > 0 && agentConnection.isLive() && System.nanoTime() < confirmDeadline) {
            sleep(10);
        }
        if (outbox.unconfirmedReports() > 0) {
            LOG.warnf("%d report(s) were not confirmed by the rekuest server before the agent stopped; the server applies"
                    + " its loss rules to their tasks", outbox.unconfirmedReports());
        }
        try {
            codecs.shelve().unshelveAll().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("Unshelving the memory drawers did not finish: %s", e);
        }
        if (drawers != null) {
            drawers.close();
        }
        agentConnection.close();
        synchronized (this) {
            if (storedTasksClient != null) {
                try {
                    storedTasksClient.close();
                } catch (Exception e) {
                    LOG.debug("Closing the GraphQL client failed", e);
                }
            }
        }
        String id = agentId();
        LOG.infof("rekuest agent%s stopped (%d task(s) cut off at the end of the shutdown grace of %s)",
                id == null ? "" : " " + id, cutOff, config.agent().shutdownGrace());
    }

    /** Whether the agent is registered and connected (after {@code INIT}, before a disconnect). */
    public boolean isConnected() {
        AgentTransport c = current();
        return c != null && c.isLive();
    }

    /** The agent's id on the server, once known. */
    public String agentId() {
        AgentTransport c = current();
        return c == null ? null : c.agentId();
    }

    /**
     * How often each close code ended an established connection of this agent (-1: connections the agent gave up on
     * itself, e.g. a silent server or BOUNCE). For tests, metrics and the Dev UI.
     */
    public Map<Integer, Integer> closeCodes() {
        AgentTransport c = current();
        return c == null ? Map.of() : c.closes();
    }

    /** How many reports the server has not confirmed yet (sent or waiting). */
    public int unconfirmedReports() {
        Outbox box;
        synchronized (this) {
            box = outbox;
        }
        return box == null ? 0 : box.retained();
    }

    /**
     * Whether this application's agent serves the action with this key: when the server then says no live agent
     * implements it, the agent is only reconnecting (the server counts it as gone meanwhile).
     */
    /**
     * The interface of the node running the task {@code taskId} in this application, or {@code null}: a call made
     * inside it goes through the node's declared dependencies (protocol.adoc §5.4).
     */
    public String nodeOf(String taskId) {
        // no lock: asked by every nested call, on the caller's thread
        TaskDispatcher current = nodesOfTasks;
        return current == null ? null : current.nodeOf(taskId);
    }

    public boolean servesAction(String key) {
        for (RegisteredNode node : registry.nodes()) {
            if (node.metadata().definition().key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** The per-process session id sent in {@code REGISTER}. */
    public String sessionId() {
        return sessionId;
    }

    /**
     * Sends a caller frame (§2.8: {@code ASSIGN_REQUEST}, {@code CANCEL_REQUEST}, {@code INTERRUPT_REQUEST}, ...) in
     * order with the agent's reports; it is kept until its response comes and sent again after a reconnect (the
     * server answers a repeated {@code ASSIGN_REQUEST} with the task it created). Its answers
     * ({@code ASSIGN_RESPONSE}, {@code CONTROL_RESPONSE}) and the {@code *_EVENT} mirrors go to the
     * {@link CallerFrameHandler} bean.
     *
     * @return whether the frame was taken: {@code false} when the agent never connected
     */
    public boolean sendCallerFrame(ObjectNode frame) {
        Outbox box;
        synchronized (this) {
            box = outbox;
        }
        return box != null && box.sendCallerFrame(frame);
    }

    /**
     * How long ago (ns) the caller frame {@code id} was last written to a live connection: -1 while it waits for one
     * (the agent is reconnecting), so that a caller waiting for its response does not count the time away.
     */
    public long callerFrameSentAgo(String id) {
        Outbox box;
        synchronized (this) {
            box = outbox;
        }
        return box == null ? Long.MAX_VALUE : box.sentAgo(id);
    }

    private synchronized AgentTransport current() {
        return agentConnection;
    }

    // =================================================================== AgentConnection.Handler

    @Override
    public Uni<Void> beforeFirstConnect() {
        return registration.register(declaration, tokens::token).invoke(result -> {
            agentConnection.registeredAs(result.agentId());
            LOG.debugf("rekuest agent %s %s", result.agentId(), result.implemented() ? "implemented" : "unchanged");
        }).replaceWithVoid();
    }

    @Override
    public void initialized(AgentLink link, JsonNode init, boolean reconnected) {
        synchronized (this) {
            initializedLink = link;
            drainedSinceInit = false;
        }
        outbox.attach(link);
        List<String> inquired = new ArrayList<>();
        JsonNode inquiries = init.get("inquiries");
        if (inquiries != null && inquiries.isArray()) {
            for (JsonNode inquiry : inquiries) {
                String task = Frames.text(inquiry, "task");
                if (task != null) {
                    inquired.add(task);
                }
            }
        }
        dispatcher.inquire(inquired);
        resync(link);
        StatePublisher publisher = statePublisher;
        if (publisher != null) {
            publisher.connected(); // a fresh snapshot, not a replay of patches (the server de-duplicates none)
        }
        Duration stopTimeout = config.agent().lifecycle().backgroundStopTimeout();
        Infrastructure.getDefaultWorkerPool().execute(() -> hooks.connected(stopTimeout));
        if (reconnected && callerFrames.isResolvable()) {
            callerFrames.get().onAgentReconnected();
        }
        if (dispatcher.awaitsAssigns()) {
            // the first HEARTBEAT comes behind the server's queue; without heartbeats, half the watchdog's patience
            long fallback = Math.max(1, config.agent().heartbeatTimeout().toMillis() / 2);
            vertx.setTimer(fallback, id -> queueDrained(link));
        }
    }

    /**
     * Before new work goes out on a new connection, the unconfirmed reports are re-sent in order, minus those the
     * server already stored (read over GraphQL). The count is exact because the old connection's consumer has stopped:
     * the server only lets a new REGISTER in once the old connection is closed and handled or stale.
     */
    private void resync(AgentLink link) {
        Map<String, Set<String>> uncertain = outbox.uncertain();
        if (uncertain.isEmpty()) {
            outbox.open(link);
            return;
        }
        storedTasks().eventCounts(uncertain.keySet()).subscribe().with(stored -> {
            int skipped = outbox.skipStored(stored);
            LOG.debugf("Re-sending the reports of %d task(s) the server has not confirmed; %d it already stored are"
                    + " skipped", uncertain.size(), skipped);
            outbox.open(link);
        }, failure -> {
            LOG.warnf("Cannot read which reports the rekuest server stored (%s); trying again in 1 s before re-sending",
                    TaskDispatcher.describe(failure));
            vertx.setTimer(1000, id -> {
                synchronized (this) {
                    if (initializedLink != link) {
                        return;
                    }
                }
                resync(link);
            });
        });
    }

    @Override
    public void heartbeat(AgentLink link) {
        outbox.heartbeat(link);
        outbox.answering(link);
        queueDrained(link);
    }

    /** Inquired tasks whose ASSIGN has not come by now were lost: see {@link TaskDispatcher#queueDrained()}. */
    private void queueDrained(AgentLink link) {
        synchronized (this) {
            if (initializedLink != link || (drainedSinceInit && !dispatcher.awaitsAssigns())) {
                return;
            }
            drainedSinceInit = true;
        }
        if (dispatcher.awaitsAssigns()) {
            dispatcher.queueDrained();
        }
    }

    @Override
    public void frame(AgentLink link, String type, JsonNode frame, boolean current) {
        if (!current && !TASK_FRAMES.contains(type)) {
            return;
        }
        switch (type) {
            case "ASSIGN" -> dispatcher.assign(frame);
            case "CANCEL" -> dispatcher.stop(frame, "CANCELLED");
            case "INTERRUPT" -> dispatcher.stop(frame, "INTERRUPTED");
            case "PAUSE" -> dispatcher.pause(frame);
            case "RESUME" -> dispatcher.resume(frame);
            case "EVENT_ACK" -> outbox.confirmed(Frames.text(frame, "event"), link);
            case "COLLECT" -> {
                List<String> collected = new ArrayList<>();
                JsonNode ids = frame.get("drawers");
                if (ids != null && ids.isArray()) {
                    ids.forEach(id -> collected.add(id.asText()));
                }
                codecs.shelve().collect(collected);
                LOG.debugf("Collected memory drawers %s", collected);
            }
            default -> {
                if (CALLER_RESPONSES.contains(type)) {
                    // processed in order: every frame sent before the request is processed too
                    outbox.confirmed(Frames.text(frame, "request"), link);
                    callerFrame(frame);
                } else if (type.endsWith("_EVENT")) {
                    callerFrame(frame);
                } else {
                    LOG.debugf("Ignoring a frame of unknown type %s", type);
                }
            }
        }
    }

    @Override
    public void lost(AgentLink link) {
        outbox.detach(link);
        StatePublisher publisher = statePublisher;
        if (publisher != null) {
            publisher.disconnected();
        }
        hooks.disconnected();
    }

    private void callerFrame(JsonNode frame) {
        if (callerFrames.isResolvable()) {
            callerFrames.get().onCallerFrame(frame);
        }
    }

    private synchronized StoredTasks storedTasks() {
        if (storedTasks == null) {
            storedTasksClient = connection.graphqlClient();
            storedTasks = new StoredTasks(storedTasksClient);
        }
        return storedTasks;
    }

    private void later(long delayMs, Runnable action) {
        if (delayMs <= 0) {
            vertx.runOnContext(v -> action.run());
        } else {
            vertx.setTimer(delayMs, id -> action.run());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
