package io.quarkiverse.rekuest.runtime.agent;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.NodeFailure;
import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.runtime.auth.RekuestEndpoints;
import io.quarkiverse.rekuest.runtime.auth.TokenException;
import io.quarkiverse.rekuest.runtime.codec.CodecException;
import io.quarkiverse.rekuest.runtime.codec.GraphQLDrawers;
import io.quarkiverse.rekuest.runtime.codec.NodeCodec;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkiverse.rekuest.runtime.graphql.AgentDeclaration;
import io.quarkiverse.rekuest.runtime.graphql.AgentRegistration;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.quarkus.virtual.threads.VirtualThreadsRecorder;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The rekuest agent: registers the application's {@code @Node} methods, keeps the {@code /agi} connection, and runs
 * the tasks the server assigns.
 * <p>
 * Start-up: {@code ensureAgent} + {@code implementAgent} once per process (skipped when the server already has our
 * declaration's hash), then {@code REGISTER {token, force, session_id}} and {@code INIT}. The connection answers
 * heartbeats, notices a silent server, reconnects with exponential backoff and jitter (a fresh token each time), stops
 * for good on {@code KICK} or when blocked, and never takes an identity back with {@code force} after being displaced.
 * Terminal reports are retained until {@code EVENT_ACK} and re-sent after a reconnect.
 */
@Singleton
public class RekuestAgent {

    private static final Logger LOG = Logger.getLogger(RekuestAgent.class);

    /** Non-terminal frames kept while disconnected; beyond that the oldest are dropped. */
    private static final int MAX_PENDING = 10_000;
    /** Finished and acknowledged task ids remembered to drop a redelivered ASSIGN. */
    private static final int RECENT_TASKS = 4096;
    /** A connection that lived this long resets the backoff. */
    private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final Set<String> CALLER_FRAMES = Set.of("ASSIGN_RESPONSE", "CONTROL_RESPONSE");
    /** Frames about tasks, handled even when they arrive on a connection being given up. */
    private static final Set<String> TASK_FRAMES = Set.of("ASSIGN", "CANCEL", "INTERRUPT", "PAUSE", "RESUME", "EVENT_ACK");

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

    /** Minted once per process: the same id on reconnect lets the server hand in-flight work back (§2.2). */
    private final String sessionId = UUID.randomUUID().toString();

    private final Map<String, TaskRun> tasks = new ConcurrentHashMap<>();
    private final Map<String, NodeCodec> nodeCodecs = new HashMap<>();
    private final Set<String> recent = java.util.Collections.newSetFromMap(new LinkedHashMap<String, Boolean>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_TASKS;
        }
    });

    // ---- connection and outbox state, guarded by this
    private BasicWebSocketConnector connector;
    private Backoff backoff;
    private AgentRegistration registration;
    private AgentDeclaration declaration;
    private String agiUrl;
    private WebSocketClientConnection current;
    private boolean live;
    private String registerToken;
    private long lastHeard;
    private long liveSince;
    private long watchdog = -1;
    private int attempt;
    private int startupFailures;
    private boolean registered;
    private boolean started;
    private boolean stopping;
    /** Starts tried again because the server could not be found (fakts unreachable), and the timer of the next. */
    private int startAttempts;
    private long startRetryTimer = -1;
    private boolean stopped;
    private boolean reconnectNow;
    private boolean displaced;
    private boolean forcedOnce;
    private boolean forceNext;
    private boolean pendingOverflowLogged;
    private boolean conflictLogged;
    private String protocolError;
    private String agentId;
    private Throwable lastError;
    private long seq;
    private final LinkedHashMap<String, Retained> retained = new LinkedHashMap<>();
    private final Map<String, String> retainedByTask = new HashMap<>();
    private final ArrayDeque<ObjectNode> pending = new ArrayDeque<>();
    private final CompletableFuture<Void> firstInit = new CompletableFuture<>();
    /** Registers the memory drawers of the shelve. */
    private GraphQLDrawers drawers;

    private record Retained(String task, ObjectNode frame) {
    }

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

    void onStop(@Observes ShutdownEvent event) {
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
            nodeCodecs.put(node.metadata().interfaceName(), codecs.codec(node.metadata()));
        }
        String name = agent.name().orElseGet(() -> ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.name", String.class).orElse("quarkus-rekuest-agent"));
        synchronized (this) {
            declaration = new AgentDeclaration(name, metadata);
            registration = new AgentRegistration(vertx, graphqlUrl, connection.webClientOptions());
            drawers = new GraphQLDrawers(connection.graphqlClient());
            codecs.shelve().connect(drawers);
            backoff = newBackoff();
            connector = newConnector(URI.create(agiUrl));
            started = true;
        }
        attemptConnection();
        if (agent.failOnStartupError()) {
            try {
                firstInit.get();
            } catch (ExecutionException e) {
                shutdown();
                int attempts;
                synchronized (this) {
                    attempts = startupFailures;
                }
                throw new IllegalStateException("The rekuest agent could not register with " + graphqlUrl + " / " + agiUrl
                        + (attempts > 1 ? " (" + attempts + " attempts)" : "") + ": " + describe(e.getCause())
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
        }
        readiness.setConnected(false, "shutting down");
        long deadline = System.nanoTime() + config.agent().shutdownGrace().toNanos();
        while (hasRunningTasks() && System.nanoTime() < deadline) {
            sleep(10);
        }
        int cutOff = 0;
        for (TaskRun run : tasks.values()) {
            if (!run.isDone()) {
                LOG.warnf("Task %s of %s did not finish within the shutdown grace; reporting it CRITICAL", run.id,
                        run.node.metadata().signature());
                run.abort("The agent shut down before the task finished");
                cutOff++;
            }
        }
        long ackDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < ackDeadline) {
            synchronized (this) {
                if (retained.isEmpty() || !live) {
                    break;
                }
            }
            sleep(10);
        }
        try {
            codecs.shelve().unshelveAll().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("Unshelving the memory drawers did not finish: %s", e);
        }
        if (drawers != null) {
            drawers.close();
        }
        WebSocketClientConnection connection;
        synchronized (this) {
            stopped = true;
            connection = current;
            current = null;
            live = false;
            cancelWatchdog();
        }
        firstInit.completeExceptionally(new IllegalStateException("The agent was shut down"));
        if (connection != null) {
            try {
                connection.close(CloseReason.NORMAL).await().atMost(java.time.Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing the agent socket failed", e);
            }
        }
        String id = agentId();
        LOG.infof("rekuest agent%s stopped (%d task(s) cut off at the end of the shutdown grace of %s)",
                id == null ? "" : " " + id, cutOff, config.agent().shutdownGrace());
    }

    /** Whether the agent is registered and connected (after {@code INIT}, before a disconnect). */
    public synchronized boolean isConnected() {
        return live;
    }

    /** The agent's id on the server, once known. */
    public synchronized String agentId() {
        return agentId;
    }

    /** The per-process session id sent in {@code REGISTER}. */
    public String sessionId() {
        return sessionId;
    }

    /**
     * Sends a caller frame (§2.8: {@code ASSIGN_REQUEST}, {@code CANCEL_REQUEST}, {@code INTERRUPT_REQUEST}, ...) on the
     * live connection. Its answers ({@code ASSIGN_RESPONSE}, {@code CONTROL_RESPONSE}) and the {@code *_EVENT} mirrors
     * go to the {@link CallerFrameHandler} bean.
     *
     * @return whether the frame was sent: {@code false} when the agent is not connected
     */
    public synchronized boolean sendCallerFrame(ObjectNode frame) {
        if (!live || current == null) {
            return false;
        }
        send(current, frame);
        return true;
    }

    // =================================================================== connection

    private BasicWebSocketConnector newConnector(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        URI base = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
        return connection.secure(connectors.get())
                .baseUri(base)
                .path(path)
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onOpen(this::opened)
                .onTextMessage(this::received)
                .onBinaryMessage((connection, buffer) -> LOG.warn("Ignoring a binary frame on the agent socket"))
                .onClose(this::closed)
                .onError((connection, failure) -> LOG.debugf(failure, "Agent socket error"));
    }

    private void attemptConnection() {
        boolean needsRegistration;
        synchronized (this) {
            if (stopped || stopping) {
                return;
            }
            needsRegistration = !registered;
        }
        Uni<Void> registering = Uni.createFrom().voidItem();
        if (needsRegistration) {
            registering = registration.register(declaration, tokens::token).invoke(result -> {
                synchronized (this) {
                    registered = true;
                    agentId = result.agentId();
                }
                LOG.debugf("rekuest agent %s %s", result.agentId(), result.implemented() ? "implemented" : "unchanged");
            }).replaceWithVoid();
        }
        registering
                .flatMap(ignored -> tokens.token())
                .flatMap(token -> {
                    synchronized (this) {
                        registerToken = token;
                    }
                    return connector.connect();
                })
                .subscribe().with(connection -> {
                }, this::connectionFailed);
    }

    private void connectionFailed(Throwable failure) {
        synchronized (this) {
            registerToken = null;
            lastError = failure;
        }
        TokenException refused = connection.onFailure(failure);
        if (refused != null) {
            // bad credentials or configuration: retrying cannot help
            LOG.errorf("The rekuest agent cannot get an access token and stops: %s", refused.getMessage());
            terminate(refused);
            readiness.setConnected(false, "stopped: " + refused.getMessage());
            return;
        }
        LOG.warnf("Cannot reach the rekuest server (%s): %s", agiUrl, describe(failure));
        readiness.setConnected(false, "cannot reach " + agiUrl + ", retrying: " + describe(failure));
        scheduleReconnect();
    }

    private void opened(WebSocketClientConnection connection) {
        ObjectNode register;
        synchronized (this) {
            if (stopped || stopping) {
                connection.close().subscribe().with(v -> {
                }, f -> {
                });
                return;
            }
            current = connection;
            live = false;
            lastHeard = System.nanoTime();
            register = Frames.frame("REGISTER");
            register.put("token", registerToken);
            boolean force = forceNext || (config.agent().force() && !displaced);
            forceNext = false;
            register.put("force", force);
            register.put("session_id", sessionId);
            registerToken = null;
            startWatchdog(connection);
            send(connection, register);
        }
    }

    private void received(WebSocketClientConnection connection, String text) {
        boolean draining;
        synchronized (this) {
            if (stopped) {
                return;
            }
            // a connection given up on (BOUNCE, silent server) may still deliver work sent before it closed
            draining = connection != current;
        }
        JsonNode frame;
        try {
            frame = Frames.MAPPER.readTree(text);
        } catch (Exception e) {
            LOG.warnf("Ignoring a frame that is not JSON (%d characters)", text.length());
            return;
        }
        if (frame == null || !frame.isObject()) {
            LOG.warn("Ignoring a frame that is not a JSON object");
            return;
        }
        String type = Frames.text(frame, "type");
        if (draining && !TASK_FRAMES.contains(type)) {
            return;
        }
        try {
            dispatch(connection, type == null ? "" : type, frame);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Failed to handle a %s frame; the agent goes on", type);
        }
    }

    private void dispatch(WebSocketClientConnection connection, String type, JsonNode frame) {
        switch (type) {
            case "INIT" -> initialized(connection, frame);
            case "HEARTBEAT" -> {
                ObjectNode answer = Frames.MAPPER.createObjectNode();
                answer.put("id", Frames.text(frame, "id"));
                answer.put("type", "HEARTBEAT_ANSWER");
                synchronized (this) {
                    lastHeard = System.nanoTime();
                    send(connection, answer);
                }
            }
            case "ASSIGN" -> assign(frame);
            case "CANCEL" -> stopTask(frame, "CANCELLED");
            case "INTERRUPT" -> stopTask(frame, "INTERRUPTED");
            case "PAUSE" -> pauseTask(frame);
            case "RESUME" -> resumeTask(frame);
            case "EVENT_ACK" -> acknowledged(frame);
            case "BOUNCE" -> {
                LOG.info("The rekuest server bounced the agent; reconnecting");
                synchronized (this) {
                    reconnectNow = true;
                }
                abandon(connection, new CloseReason(CloseReason.NORMAL.getCode(), "bounced"));
            }
            case "KICK" -> {
                String reason = Frames.text(frame, "reason");
                LOG.warnf("The rekuest server kicked the agent%s; it will not reconnect",
                        reason == null ? "" : " (" + reason + ")");
                terminate(new IllegalStateException("The agent was kicked by the rekuest server"));
                readiness.setConnected(false, "kicked by the rekuest server" + (reason == null ? "" : " (" + reason + ")")
                        + "; not reconnecting");
                connection.close(CloseReason.NORMAL).subscribe().with(v -> {
                }, f -> {
                });
            }
            case "PROTOCOL_ERROR" -> {
                String error = Frames.text(frame, "error");
                LOG.debugf("The rekuest server reports a protocol error: %s", error);
                synchronized (this) {
                    protocolError = error;
                }
            }
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
                if (type.endsWith("_EVENT") || CALLER_FRAMES.contains(type)) {
                    callerFrame(frame);
                } else {
                    LOG.debugf("Ignoring a frame of unknown type %s", type);
                }
            }
        }
    }

    private void callerFrame(JsonNode frame) {
        if (callerFrames.isResolvable()) {
            callerFrames.get().onCallerFrame(frame);
        }
    }

    private void initialized(WebSocketClientConnection connection, JsonNode frame) {
        synchronized (this) {
            live = true;
            liveSince = System.nanoTime();
            lastHeard = liveSince;
            agentId = Frames.text(frame, "agent");
            lastError = null;
            conflictLogged = false;
            protocolError = null;
            // reports made while disconnected, in order; then every unacknowledged terminal report
            while (!pending.isEmpty()) {
                send(connection, pending.poll());
            }
            pendingOverflowLogged = false;
            for (Retained report : retained.values()) {
                send(connection, report.frame());
            }
        }
        LOG.infof("rekuest agent %s connected (%d nodes)", agentId, registry.nodes().size());
        readiness.setConnected(true, "connected to " + agiUrl + " as agent " + agentId);
        boolean reconnected = !firstInit.complete(null);
        if (reconnected && callerFrames.isResolvable()) {
            callerFrames.get().onAgentReconnected();
        }
        JsonNode inquiries = frame.get("inquiries");
        if (inquiries != null && inquiries.isArray()) {
            for (JsonNode inquiry : inquiries) {
                String task = Frames.text(inquiry, "task");
                if (task != null) {
                    answerInquiry(task);
                }
            }
        }
    }

    private void answerInquiry(String task) {
        TaskRun run = tasks.get(task);
        if (run != null && !run.isDone()) {
            ObjectNode progress = Frames.report("PROGRESS", task);
            progress.putNull("progress");
            progress.put("message", "Still running");
            run.sendIfRunning(progress);
            return;
        }
        synchronized (this) {
            if (retainedByTask.containsKey(task)) {
                return; // its terminal report was just re-sent
            }
        }
        orphan(task, Frames.error("CRITICAL", task,
                "This agent does not know the task: it was lost when the agent restarted or disconnected"));
    }

    private void closed(WebSocketClientConnection connection, CloseReason reason) {
        disconnected(connection, reason == null ? -1 : reason.getCode(), reason == null ? null : reason.getMessage());
    }

    /** Gives up on {@code connection} at once (the server may never answer a close) and reconnects. */
    private void abandon(WebSocketClientConnection connection, CloseReason reason) {
        connection.close(reason).subscribe().with(v -> {
        }, f -> {
        });
        disconnected(connection, -1, reason.getMessage());
    }

    private void disconnected(WebSocketClientConnection connection, int code, String message) {
        synchronized (this) {
            if (connection != current) {
                return;
            }
            current = null;
            live = false;
            // closed before INIT: the server did not accept the REGISTER (3003 = e.g. the token was refused)
            boolean refusedRegister = liveSince == 0;
            cancelWatchdog();
            if (liveSince != 0 && System.nanoTime() - liveSince >= STABLE_NANOS) {
                attempt = 0;
            }
            liveSince = 0;
            if (stopped || stopping) {
                return;
            }
            switch (code) {
                case 4003 -> {
                    String error = "The rekuest server refuses this agent: it is blocked (close 4003). "
                            + "An administrator must unblock it; the agent does not reconnect.";
                    LOG.error(error);
                    terminate(new IllegalStateException(error));
                    readiness.setConnected(false, "blocked by the rekuest server (4003); not reconnecting");
                    return;
                }
                case 4004 -> {
                    if (config.agent().onConflict() == RekuestConfig.OnConflict.FORCE && !displaced && !forcedOnce) {
                        LOG.warn("Another live connection holds this agent identity (close 4004); registering once with "
                                + "force (quarkus.rekuest.agent.on-conflict=force)");
                        forcedOnce = true;
                        forceNext = true;
                        reconnectNow = true;
                    } else if (!conflictLogged) {
                        conflictLogged = true;
                        LOG.info("Another live connection holds this agent identity (close 4004); waiting for it to go");
                    }
                    lastError = new IllegalStateException("Another live connection holds this agent identity (4004)");
                }
                case 4005 -> {
                    displaced = true;
                    LOG.warn("Another connection took over this agent identity (close 4005). Run one identity per "
                            + "replica; this agent will not take it back with force and only reconnects when it is free");
                    lastError = new IllegalStateException("Displaced by another connection of the same identity (4005)");
                }
                case 3001 -> LOG.warn("The rekuest server closed the agent socket: heartbeat not answered in time (3001)");
                case 3003 -> {
                    LOG.warnf("The rekuest server closed the agent socket: protocol error (3003): %s",
                            protocolError != null ? protocolError : message);
                    if (refusedRegister) {
                        tokens.invalidate();
                    }
                }
                default -> LOG.infof("The agent socket closed (%s); reconnecting", code < 0 ? message : code);
            }
        }
        readiness.setConnected(false, "connection lost (" + (code < 0 ? message : code) + "); reconnecting");
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        long delay;
        synchronized (this) {
            if (stopped || stopping) {
                return;
            }
            if (!firstInit.isDone()) {
                startupFailures++;
                if (config.agent().failOnStartupError() && startupFailures > config.agent().startupRetries()) {
                    Throwable error = lastError != null ? lastError
                            : new IllegalStateException("no INIT from the rekuest server");
                    stopped = true;
                    firstInit.completeExceptionally(error);
                    return;
                }
            }
            if (reconnectNow) {
                reconnectNow = false;
                delay = 1;
            } else {
                attempt++;
                if (config.agent().reconnect().maxAttempts().isPresent()
                        && attempt > config.agent().reconnect().maxAttempts().getAsInt()) {
                    LOG.errorf("The rekuest agent gives up after %d reconnection attempts", attempt - 1);
                    terminate(new IllegalStateException("Gave up reconnecting after " + (attempt - 1) + " attempts"));
                    readiness.setConnected(false, "gave up reconnecting after " + (attempt - 1) + " attempts");
                    return;
                }
                delay = backoff.delayMillis(attempt);
            }
        }
        vertx.setTimer(delay, id -> attemptConnection());
    }

    /** Stops for good (kicked, blocked, gave up). */
    private synchronized void terminate(Throwable reason) {
        stopped = true;
        live = false;
        cancelWatchdog();
        firstInit.completeExceptionally(reason);
    }

    private void startWatchdog(WebSocketClientConnection connection) {
        cancelWatchdog();
        long timeout = config.agent().heartbeatTimeout().toNanos();
        long period = Math.max(10, TimeUnit.NANOSECONDS.toMillis(timeout) / 4);
        watchdog = vertx.setPeriodic(period, id -> {
            boolean silent;
            synchronized (this) {
                silent = connection == current && System.nanoTime() - lastHeard > timeout;
            }
            if (silent) {
                LOG.warnf("No heartbeat from the rekuest server for %s; reconnecting", config.agent().heartbeatTimeout());
                abandon(connection, new CloseReason(4000, "no heartbeat"));
            }
        });
    }

    private void cancelWatchdog() {
        if (watchdog >= 0) {
            vertx.cancelTimer(watchdog);
            watchdog = -1;
        }
    }

    // =================================================================== outbox

    /** Sends a report with the next {@code seq}; a terminal one is retained until acknowledged. */
    synchronized void report(ObjectNode frame, boolean terminal, String task) {
        frame.put("seq", ++seq);
        if (terminal) {
            String id = Frames.text(frame, "id");
            retained.put(id, new Retained(task, frame));
            retainedByTask.put(task, id);
        }
        if (live && current != null) {
            send(current, frame);
        } else if (!terminal) {
            if (pending.size() >= MAX_PENDING) {
                pending.poll();
                if (!pendingOverflowLogged) {
                    pendingOverflowLogged = true;
                    LOG.warnf("More than %d reports while disconnected; dropping the oldest", MAX_PENDING);
                }
            }
            pending.add(frame);
        }
    }

    private void send(WebSocketClientConnection connection, JsonNode frame) {
        connection.sendText(Frames.write(frame)).subscribe().with(v -> {
        }, failure -> LOG.debugf("Sending a frame failed: %s", failure.getMessage()));
    }

    private void acknowledged(JsonNode frame) {
        String event = Frames.text(frame, "event");
        String task;
        synchronized (this) {
            Retained report = event == null ? null : retained.remove(event);
            if (report == null) {
                return;
            }
            task = report.task();
            if (event.equals(retainedByTask.get(task))) {
                retainedByTask.remove(task);
            }
            synchronized (recent) {
                recent.add(task);
            }
        }
        tasks.remove(task);
    }

    /** A terminal report for a task this agent does not run. */
    private void orphan(String task, ObjectNode terminal) {
        report(terminal, true, task);
    }

    /** Called by a task when it sent its terminal report. */
    void finished(TaskRun run) {
        // the run stays in the task map until its terminal report is acknowledged
    }

    // =================================================================== tasks

    private void assign(JsonNode frame) {
        String task = Frames.text(frame, "task");
        if (task == null) {
            LOG.warn("Ignoring an ASSIGN without a task id");
            return;
        }
        boolean known;
        synchronized (this) {
            synchronized (recent) {
                known = tasks.containsKey(task) || recent.contains(task) || retainedByTask.containsKey(task);
            }
            if (!known && stopping) {
                orphan(task, Frames.error("CRITICAL", task, "The agent is shutting down; the task was not started"));
                return;
            }
        }
        if (known) {
            LOG.debugf("Ignoring a redelivered ASSIGN of task %s", task);
            return;
        }
        String iface = Frames.text(frame, "interface");
        RegisteredNode node = iface == null ? null : registry.byInterface(iface).orElse(null);
        if (node == null) {
            List<String> served = new ArrayList<>();
            registry.nodes().forEach(n -> served.add(n.metadata().interfaceName()));
            orphan(task, Frames.error("CRITICAL", task,
                    "This agent has no node with interface '" + iface + "'; it serves " + served));
            return;
        }
        TaskRun run = new TaskRun(task, node, nodeCodecs.get(iface), frame, this);
        tasks.put(task, run);
        Context root = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
        Context context = VertxContext.createNewDuplicatedContext(root);
        VertxContextSafetyToggle.setContextSafe(context, true);
        TaskContext.bind(context, run.id);
        context.runOnContext(v -> start(run, context, frame.get("args")));
    }

    private void start(TaskRun run, Context context, JsonNode args) {
        if (config.agent().sendStarted()) {
            run.sendIfRunning(Frames.report("STARTED", run.id));
        }
        if (run.codec.expandsArgsAsync()) {
            // structures among the args: expand them (concurrently) first, then run on the node's thread
            run.codec.argumentsAsync(args, run).whenComplete((arguments, failure) -> context.runOnContext(v -> {
                if (failure != null) {
                    argumentsFailed(run, failure);
                } else {
                    dispatch(run, context, () -> invoke(run, arguments));
                }
            }));
            return;
        }
        dispatch(run, context, () -> execute(run, args));
    }

    private static void dispatch(TaskRun run, Context context, Runnable action) {
        switch (run.node.metadata().executionModel()) {
            case EVENT_LOOP -> action.run();
            case WORKER_THREAD -> context.executeBlocking(() -> {
                action.run();
                return null;
            }, false);
            case VIRTUAL_THREAD -> VirtualThreadsRecorder.getCurrent().execute(action);
        }
    }

    private void argumentsFailed(TaskRun run, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof CodecException) {
            run.finish(Frames.error("FAILED", run.id, "Invalid argument " + cause.getMessage()));
        } else {
            LOG.errorf(cause, "Cannot read the arguments of task %s for %s", run.id, run.node.metadata().signature());
            run.finish(Frames.error("CRITICAL", run.id, "Cannot read the arguments: " + describe(cause)));
        }
    }

    private void execute(TaskRun run, JsonNode args) {
        Object[] arguments;
        try {
            arguments = run.codec.arguments(args, run);
        } catch (CodecException | RuntimeException e) {
            argumentsFailed(run, e);
            return;
        }
        invoke(run, arguments);
    }

    private void invoke(TaskRun run, Object[] arguments) {
        if (!run.enter(Thread.currentThread())) {
            run.finish(run.stopFrame());
            return;
        }
        run.markStarted();
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        Object result = null;
        Throwable failure = null;
        String outer = TaskContext.enter(run.id);
        try {
            result = run.node.invoker().invoke(null, arguments);
        } catch (Throwable t) {
            failure = t;
        } finally {
            TaskContext.exit(outer);
            run.exit();
        }
        switch (run.node.metadata().returnKind()) {
            case UNI, COMPLETION_STAGE, MULTI -> {
                if (failure == null && result != null) {
                    InjectableContext.ContextState state = requestContext.getState();
                    requestContext.deactivate();
                    subscribe(run, result, () -> requestContext.destroy(state));
                    return;
                }
                requestContext.terminate();
                if (failure == null) {
                    run.finish(Frames.error("CRITICAL", run.id,
                            run.node.metadata().signature() + " returned null instead of a " + run.node.metadata().returnKind()));
                    return;
                }
            }
            default -> requestContext.terminate();
        }
        if (failure != null) {
            failed(run, failure);
        } else {
            completed(run, result);
        }
    }

    @SuppressWarnings("unchecked")
    private void subscribe(TaskRun run, Object result, Runnable end) {
        Cancellable cancellable;
        switch (run.node.metadata().returnKind()) {
            case MULTI -> cancellable = run.codec.shrinksReturnsAsync()
                    // structures among the returns: shrink each item in order before it is yielded
                    ? ((Multi<Object>) result).onTermination().invoke(end)
                            .onItem().transformToUniAndConcatenate(item -> Uni.createFrom()
                                    .completionStage(() -> run.codec.returnsAsync(item)))
                            .subscribe().with(run::yieldValue, failure -> failed(run, failure),
                                    () -> run.finish(Frames.report("COMPLETED", run.id)))
                    : ((Multi<Object>) result).onTermination().invoke(end)
                            .subscribe().with(item -> yielded(run, item), failure -> failed(run, failure),
                                    () -> run.finish(Frames.report("COMPLETED", run.id)));
            case COMPLETION_STAGE -> cancellable = Uni.createFrom().completionStage((CompletionStage<Object>) result)
                    .onTermination().invoke(end)
                    .subscribe().with(item -> completed(run, item), failure -> failed(run, failure));
            default -> cancellable = ((Uni<Object>) result).onTermination().invoke(end)
                    .subscribe().with(item -> completed(run, item), failure -> failed(run, failure));
        }
        run.subscribed(cancellable);
    }

    private void completed(TaskRun run, Object value) {
        if (run.stopReport() != null) {
            run.finish(run.stopFrame());
            return;
        }
        if (run.codec.returnsValue() && run.codec.shrinksReturnsAsync()) {
            run.codec.returnsAsync(value).whenComplete((returns, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    run.finish(Frames.error("FAILED", run.id, "Invalid return value " + cause.getMessage()));
                } else {
                    run.yieldValue(returns);
                    run.finish(Frames.report("COMPLETED", run.id));
                }
            });
            return;
        }
        if (run.codec.returnsValue()) {
            try {
                run.yieldValue(run.codec.returns(value));
            } catch (CodecException | RuntimeException e) {
                run.finish(Frames.error("FAILED", run.id, "Invalid return value " + e.getMessage()));
                return;
            }
        }
        run.finish(Frames.report("COMPLETED", run.id));
    }

    private void yielded(TaskRun run, Object item) {
        try {
            run.yieldValue(run.codec.returns(item));
        } catch (CodecException | RuntimeException e) {
            run.fail(Frames.error("FAILED", run.id, "Invalid yielded value " + e.getMessage()));
        }
    }

    private void failed(TaskRun run, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (run.stopReport() != null) {
            run.finish(run.stopFrame());
        } else if (cause instanceof CodecException) {
            run.finish(Frames.error("FAILED", run.id, "Invalid yielded value " + cause.getMessage()));
        } else if (cause instanceof NodeFailure) {
            run.finish(Frames.error("FAILED", run.id, cause.getMessage() == null ? "Failed" : cause.getMessage()));
        } else {
            LOG.errorf(cause, "Node %s crashed on task %s", run.node.metadata().signature(), run.id);
            run.finish(Frames.error("CRITICAL", run.id, describe(cause)));
        }
    }

    private void stopTask(JsonNode frame, String report) {
        String task = Frames.text(frame, "task");
        if (task == null) {
            return;
        }
        TaskRun run = tasks.get(task);
        if (run != null && !run.isDone()) {
            if (callerFrames.isResolvable()) {
                // calls the task made are cancelled with it (children assigned with a parent have no root, §10)
                callerFrames.get().onTaskStopping(task);
            }
            run.stop(report);
            return;
        }
        if (resendRetained(task) || run != null) {
            return;
        }
        boolean recentlyDone;
        synchronized (recent) {
            recentlyDone = recent.contains(task);
        }
        if (!recentlyDone) {
            // not running here: confirm, so the caller is not left waiting
            orphan(task, Frames.report(report, task));
        }
    }

    private void pauseTask(JsonNode frame) {
        String task = Frames.text(frame, "task");
        TaskRun run = task == null ? null : tasks.get(task);
        if (run != null && !run.isDone()) {
            run.pause();
        } else if (task != null && run == null && !resendRetained(task)) {
            LOG.debugf("PAUSE for task %s, which is not running here", task);
        }
    }

    private void resumeTask(JsonNode frame) {
        String task = Frames.text(frame, "task");
        TaskRun run = task == null ? null : tasks.get(task);
        if (run != null && !run.isDone()) {
            JsonNode step = frame.get("step");
            run.resume(step != null && step.asBoolean(false));
        } else if (task != null && run == null && !resendRetained(task)) {
            LOG.debugf("RESUME for task %s, which is not running here", task);
        }
    }

    /** Re-sends the retained terminal report of {@code task}, if there is one. */
    private synchronized boolean resendRetained(String task) {
        String id = retainedByTask.get(task);
        Retained report = id == null ? null : retained.get(id);
        if (report == null) {
            return false;
        }
        if (live && current != null) {
            send(current, report.frame());
        }
        return true;
    }

    private boolean hasRunningTasks() {
        for (TaskRun run : tasks.values()) {
            if (!run.isDone()) {
                return true;
            }
        }
        return false;
    }

    // =================================================================== helpers

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        String type = failure.getClass().getName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
