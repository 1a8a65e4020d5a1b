package io.quarkiverse.rekuest.runtime.agent;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.runtime.auth.TokenException;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The {@code /agi} connection: {@code REGISTER} and {@code INIT}, heartbeats, the close codes, and reconnecting.
 * <p>
 * It answers heartbeats, notices a silent server, reconnects with exponential backoff and jitter (a fresh token each
 * time), retries a refused REGISTER (4004) on a short fixed interval until the server lets the old connection go, stops
 * for good on {@code KICK} or when blocked, and never takes an identity back with {@code force} after being displaced.
 * Everything that is not about the connection itself goes to the {@link Handler}.
 */
final class AgentConnection {

    private static final Logger LOG = Logger.getLogger(AgentConnection.class);

    /** A connection that lived this long resets the backoff. */
    private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What the agent does with a connection's life and its frames. */
    interface Handler {
        /** Before the first connection (and until it succeeds): register the agent over GraphQL. */
        Uni<Void> beforeFirstConnect();

        /** {@code INIT} arrived on {@code link}. */
        void initialized(AgentLink link, JsonNode init, boolean reconnected);

        /** A {@code HEARTBEAT} arrived on {@code link}; the connection answers it right after this returns. */
        void heartbeat(AgentLink link);

        /**
         * Any other frame. {@code current} is false for a connection given up on (BOUNCE, silent server) that still
         * delivers frames: work sent before it closed.
         */
        void frame(AgentLink link, String type, JsonNode frame, boolean current);

        /** {@code link} is gone (closed by either side or given up on). */
        void lost(AgentLink link);
    }

    private final RekuestConfig config;
    private final RekuestConnection connection;
    private final TokenProvider tokens;
    private final AgentReadiness readiness;
    private final Vertx vertx;
    private final Handler handler;
    private final String sessionId;
    private final String agiUrl;
    private final BasicWebSocketConnector connector;
    private final Backoff backoff;
    private final Supplier<Integer> nodeCount;
    private final RekuestEvents events;

    // guarded by this
    private Link current;
    private boolean live;
    private String registerToken;
    private long lastHeard;
    private long liveSince;
    private long watchdog = -1;
    private int attempt;
    private int startupFailures;
    private boolean registered;
    private boolean stopped;
    private boolean reconnectNow;
    private boolean retryConflict;
    private boolean displaced;
    private boolean forcedOnce;
    private boolean forceNext;
    private boolean conflictLogged;
    private long conflictSince;
    private String protocolError;
    private String agentId;
    private Throwable lastError;
    private final CompletableFuture<Void> firstInit = new CompletableFuture<>();
    /** How often each close code ended a connection that had got INIT (-1: given up on by the agent). */
    private final java.util.Map<Integer, Integer> closes = new java.util.TreeMap<>();

    /** One websocket connection, as the outbox sees it. */
    private static final class Link implements AgentLink {
        final WebSocketClientConnection socket;
        final RekuestEvents events;

        Link(WebSocketClientConnection socket, RekuestEvents events) {
            this.socket = socket;
            this.events = events;
        }

        @Override
        public void send(String text) {
            WireLog.out(text);
            events.frameSent();
            socket.sendText(text).subscribe().with(v -> {
            }, failure -> LOG.debugf("Sending a frame failed: %s", failure.getMessage()));
        }
    }

    AgentConnection(RekuestConfig config, RekuestConnection connection, TokenProvider tokens, AgentReadiness readiness,
            Vertx vertx, BasicWebSocketConnector connector, String agiUrl, String sessionId, Backoff backoff,
            Supplier<Integer> nodeCount, Handler handler, RekuestEvents events) {
        this.config = config;
        this.connection = connection;
        this.tokens = tokens;
        this.readiness = readiness;
        this.vertx = vertx;
        this.agiUrl = agiUrl;
        this.sessionId = sessionId;
        this.backoff = backoff;
        this.nodeCount = nodeCount;
        this.handler = handler;
        this.events = events;
        URI uri = URI.create(agiUrl);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        URI base = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
        this.connector = connection.secure(connector)
                .baseUri(base)
                .path(path)
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onOpen(this::opened)
                .onTextMessage(this::received)
                .onBinaryMessage((socket, buffer) -> LOG.warn("Ignoring a binary frame on the agent socket"))
                .onClose(this::closed)
                .onError((socket, failure) -> LOG.debugf(failure, "Agent socket error"));
    }

    /** Completes at the first {@code INIT}; fails when the agent stops before it. */
    CompletableFuture<Void> firstInit() {
        return firstInit;
    }

    synchronized boolean isLive() {
        return live;
    }

    synchronized String agentId() {
        return agentId;
    }

    /** How often each close code ended an established connection; -1 for those the agent gave up on itself. */
    synchronized java.util.Map<Integer, Integer> closes() {
        return java.util.Map.copyOf(closes);
    }

    synchronized int startupFailures() {
        return startupFailures;
    }

    // =================================================================== connecting

    void connect() {
        boolean needsRegistration;
        synchronized (this) {
            if (stopped) {
                return;
            }
            needsRegistration = !registered;
        }
        Uni<Void> registering = Uni.createFrom().voidItem();
        if (needsRegistration) {
            registering = handler.beforeFirstConnect().invoke(() -> {
                synchronized (this) {
                    registered = true;
                }
            });
        }
        registering
                .flatMap(ignored -> tokens.token())
                .flatMap(token -> {
                    synchronized (this) {
                        registerToken = token;
                    }
                    return connector.connect();
                })
                .subscribe().with(socket -> {
                }, this::connectionFailed);
    }

    /** The agent id from {@code ensureAgent}, known before the first INIT. */
    synchronized void registeredAs(String id) {
        agentId = id;
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
        LOG.warnf("Cannot reach the rekuest server (%s): %s", agiUrl, TaskDispatcher.describe(failure));
        readiness.setConnected(false, "cannot reach " + agiUrl + ", retrying: " + TaskDispatcher.describe(failure));
        scheduleReconnect();
    }

    private void opened(WebSocketClientConnection socket) {
        synchronized (this) {
            if (stopped) {
                socket.close().subscribe().with(v -> {
                }, f -> {
                });
                return;
            }
            current = new Link(socket, events);
            live = false;
            lastHeard = System.nanoTime();
            ObjectNode register = Frames.frame("REGISTER");
            register.put("token", registerToken);
            boolean force = forceNext || (config.agent().force() && !displaced);
            forceNext = false;
            register.put("force", force);
            register.put("session_id", sessionId);
            registerToken = null;
            startWatchdog(current);
            current.send(Frames.write(register));
        }
    }

    // =================================================================== receiving

    private void received(WebSocketClientConnection socket, String text) {
        Link link;
        boolean isCurrent;
        synchronized (this) {
            if (stopped) {
                return;
            }
            isCurrent = current != null && current.socket == socket;
            link = isCurrent ? current : new Link(socket, events);
        }
        events.frameReceived();
        JsonNode frame;
        try {
            frame = Frames.MAPPER.readTree(text);
        } catch (Exception e) {
            LOG.warnf("Ignoring a frame that is not JSON (%d characters)", text.length());
            return;
        }
        WireLog.in(text, frame);
        if (frame == null || !frame.isObject()) {
            LOG.warn("Ignoring a frame that is not a JSON object");
            return;
        }
        String type = Frames.text(frame, "type");
        try {
            dispatch(link, isCurrent, type == null ? "" : type, frame);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Failed to handle a %s frame; the agent goes on", type);
        }
    }

    private void dispatch(Link link, boolean isCurrent, String type, JsonNode frame) {
        if (!isCurrent) {
            handler.frame(link, type, frame, false);
            return;
        }
        switch (type) {
            case "INIT" -> initialized(link, frame);
            case "HEARTBEAT" -> {
                synchronized (this) {
                    lastHeard = System.nanoTime();
                }
                handler.heartbeat(link);
                ObjectNode answer = Frames.MAPPER.createObjectNode();
                answer.put("id", Frames.text(frame, "id"));
                answer.put("type", "HEARTBEAT_ANSWER");
                link.send(Frames.write(answer));
            }
            case "BOUNCE" -> {
                LOG.info("The rekuest server bounced the agent; reconnecting");
                synchronized (this) {
                    reconnectNow = true;
                }
                abandon(link, new CloseReason(CloseReason.NORMAL.getCode(), "bounced"));
            }
            case "KICK" -> {
                String reason = Frames.text(frame, "reason");
                LOG.warnf("The rekuest server kicked the agent%s; it will not reconnect",
                        reason == null ? "" : " (" + reason + ")");
                terminate(new IllegalStateException("The agent was kicked by the rekuest server"));
                readiness.setConnected(false, "kicked by the rekuest server" + (reason == null ? "" : " (" + reason + ")")
                        + "; not reconnecting");
                link.socket.close(CloseReason.NORMAL).subscribe().with(v -> {
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
            default -> handler.frame(link, type, frame, true);
        }
    }

    private void initialized(Link link, JsonNode frame) {
        synchronized (this) {
            live = true;
            liveSince = System.nanoTime();
            lastHeard = liveSince;
            agentId = Frames.text(frame, "agent");
            lastError = null;
            if (conflictSince != 0) {
                LOG.infof("The rekuest server let the agent's previous connection go after %d ms",
                        TimeUnit.NANOSECONDS.toMillis(liveSince - conflictSince));
            }
            conflictLogged = false;
            conflictSince = 0;
            protocolError = null;
        }
        LOG.infof("rekuest agent %s connected (%d nodes)", agentId(), nodeCount.get());
        readiness.setConnected(true, "connected to " + agiUrl + " as agent " + agentId());
        boolean reconnected = !firstInit.complete(null);
        handler.initialized(link, frame, reconnected);
    }

    // =================================================================== closing and reconnecting

    private void closed(WebSocketClientConnection socket, CloseReason reason) {
        Link link;
        synchronized (this) {
            link = current != null && current.socket == socket ? current : null;
        }
        if (link != null) {
            disconnected(link, reason == null ? -1 : reason.getCode(), reason == null ? null : reason.getMessage());
        }
    }

    /** Gives up on {@code link} at once (the server may never answer a close) and reconnects. */
    private void abandon(Link link, CloseReason reason) {
        link.socket.close(reason).subscribe().with(v -> {
        }, f -> {
        });
        disconnected(link, -1, reason.getMessage());
    }

    private void disconnected(Link link, int code, String message) {
        boolean refusedRegister;
        synchronized (this) {
            if (link != current) {
                return;
            }
            current = null;
            live = false;
            // closed before INIT: the server did not accept the REGISTER (3003 = e.g. the token was refused)
            refusedRegister = liveSince == 0;
            if (!refusedRegister) {
                closes.merge(code, 1, Integer::sum);
            }
            cancelWatchdog();
            if (liveSince != 0 && System.nanoTime() - liveSince >= STABLE_NANOS) {
                attempt = 0;
            }
            liveSince = 0;
        }
        if (!refusedRegister) {
            events.connectionLost(code);
        }
        handler.lost(link);
        synchronized (this) {
            if (stopped) {
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
                    } else {
                        retryConflict = true;
                        if (!conflictLogged) {
                            conflictLogged = true;
                            conflictSince = System.nanoTime();
                            LOG.infof("The rekuest server still counts another connection of this agent as live (close"
                                    + " 4004); trying again every %s until it lets it go",
                                    config.agent().reconnect().conflictInterval());
                        }
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
            if (stopped) {
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
            } else if (retryConflict) {
                // the server answered: it only waits for the old connection to go stale. Not an attempt that failed.
                retryConflict = false;
                delay = Math.max(1, config.agent().reconnect().conflictInterval().toMillis());
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
        vertx.setTimer(delay, id -> connect());
    }

    /** Stops for good (kicked, blocked, gave up, shut down). */
    synchronized void terminate(Throwable reason) {
        stopped = true;
        live = false;
        cancelWatchdog();
        firstInit.completeExceptionally(reason);
    }

    /** At shutdown: stops reconnecting and closes the connection. */
    void close() {
        Link link;
        synchronized (this) {
            link = current;
            current = null;
        }
        terminate(new IllegalStateException("The agent was shut down"));
        if (link != null) {
            try {
                link.socket.close(CloseReason.NORMAL).await().atMost(java.time.Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing the agent socket failed", e);
            }
        }
    }

    private void startWatchdog(Link link) {
        cancelWatchdog();
        long timeout = config.agent().heartbeatTimeout().toNanos();
        long period = Math.max(10, TimeUnit.NANOSECONDS.toMillis(timeout) / 4);
        watchdog = vertx.setPeriodic(period, id -> {
            boolean silent;
            synchronized (this) {
                silent = link == current && System.nanoTime() - lastHeard > timeout;
            }
            if (silent) {
                LOG.warnf("No heartbeat from the rekuest server for %s; reconnecting", config.agent().heartbeatTimeout());
                abandon(link, new CloseReason(4000, "no heartbeat"));
            }
        });
    }

    private void cancelWatchdog() {
        if (watchdog >= 0) {
            vertx.cancelTimer(watchdog);
            watchdog = -1;
        }
    }
}
