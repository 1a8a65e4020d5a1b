package io.quarkiverse.rekuest.devserver.agent;

import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkiverse.rekuest.devserver.auth.AuthenticationException;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.devserver.auth.TokenVerifier;
import io.quarkiverse.rekuest.devserver.store.AgentLink;
import io.quarkiverse.rekuest.devserver.store.AgentRecord;
import io.quarkiverse.rekuest.devserver.store.Frames;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.quarkiverse.rekuest.devserver.store.RekuestException;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.RekuestStore.Registration;
import io.quarkiverse.rekuest.devserver.store.RekuestStore.RegistrationRefused;
import io.quarkiverse.rekuest.devserver.store.TaskRecord;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;

/**
 * One {@code /agi} connection: the agent protocol of rekuest-server-next v2.2.0 (protocol reference §2). Everything
 * runs on the connection's own event-loop context. Inbound frames and mirror events go through the connection's
 * {@link ConnectionConsumer}: handled one at a time in arrival order, each agent report and mirror after spending
 * the configured report cost. After a close the consumer works through its backlog for a while; only if it empties in
 * time does the disconnect handling run (§2.9, §2.12).
 */
public final class AgentSocket implements AgentLink {

    /** Close codes of server v2.2.0 ({@code facade/codes.py}). */
    public static final int HEARTBEAT_TIMEOUT = 3001, INVALID_JSON = 3002, PROTOCOL_VIOLATION = 3003, BLOCKED = 4003,
            ALREADY_CONNECTED = 4004, DISPLACED = 4005;
    /** Not in the server's table: the websocket code for a frame or message over the size limit (RFC 6455). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** Not in the server's table: the last resort when handling failed unexpectedly (RFC 6455 "internal error"). */
    public static final int INTERNAL_ERROR = 1011;

    private static final System.Logger LOG = System.getLogger("io.quarkiverse.rekuest.devserver");

    private static final ObjectMapper FRAME_READER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * The frames of §2.4 that cost {@link Timings#reportCostMillis} each before they take effect: the reports, and the
     * state and lock frames (each is database work on the real server too).
     */
    private static final Set<String> REPORTS = Set.of("STARTED", "PROGRESS", "LOG", "YIELD", "COMPLETED", "FAILED",
            "CRITICAL", "CANCELLED", "INTERRUPTED", "PAUSED", "RESUMED", "SESSION_INIT", "STATE_SNAPSHOT", "STATE_PATCH",
            "LOCK", "UNLOCK");

    /** The timings of one connection, in milliseconds (from the server configuration). */
    public record Timings(long heartbeatIntervalMillis, long heartbeatTimeoutMillis, long reportCostMillis,
            long closeBacklogTimeoutMillis) {
    }

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final Context context;
    private final RekuestStore store;
    private final AgentMessages messages;
    private final TokenVerifier verifier;
    private final Timings timings;
    private final AgentSockets registry;
    private final ConnectionConsumer consumer;

    private Identity identity;
    /** The last resort ran once on this connection: later failures are not logged again. */
    private boolean failed;
    /** Written on the context, read by faults from other threads. */
    private volatile AgentRecord agent;
    private volatile boolean closing;
    /** Dropped by a simulated server restart: no backlog, no disconnect handling. */
    private volatile boolean dropped;
    private long heartbeatTimer = -1;
    private long answerTimer = -1;

    public AgentSocket(Vertx vertx, ServerWebSocket ws, RekuestStore store, TokenVerifier verifier, Timings timings,
            AgentSockets registry) {
        this.vertx = vertx;
        this.ws = ws;
        this.context = vertx.getOrCreateContext();
        this.store = store;
        this.messages = new AgentMessages(store);
        this.verifier = verifier;
        this.timings = timings;
        this.registry = registry;
        this.consumer = new ConnectionConsumer(vertx, this::lastResort);
    }

    /** Wires the handlers; the server accepts at once and waits for REGISTER (§2.2). */
    public void start() {
        registry.add(this);
        ws.textMessageHandler(text -> guarded(() -> onText(text)));
        ws.binaryMessageHandler(b -> guarded(() -> {
            if (!closing) {
                consumer.submit(0, () -> closeWith(INVALID_JSON, "Binary frames are not accepted: send JSON text frames",
                        false));
            }
        }));
        ws.closeHandler(v -> guarded(this::onClosed));
        ws.exceptionHandler(e -> guarded(() -> onTransportError(e)));
    }

    /** Runs a handler; whatever it throws ends in {@link #lastResort}, never on the event loop. */
    private void guarded(Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException | StackOverflowError e) {
            lastResort(e);
        }
    }

    /**
     * The last resort for a failure nobody expected: the cause is logged once per connection (its class and stack,
     * never the frame's content or the token) and the agent gets close 1011 instead of silence.
     */
    private void lastResort(Throwable failure) {
        if (!failed) {
            failed = true;
            LOG.log(System.Logger.Level.ERROR, "Unexpected failure handling an /agi frame"
                    + (agent == null ? "" : " of agent " + agent.id) + "; the connection is closed with 1011", failure);
        }
        try {
            closeWith(INTERNAL_ERROR, "Internal error of the embedded server (" + failure.getClass().getSimpleName()
                    + "); see its log", false);
        } catch (RuntimeException e) {
            closing = true;
            cancelTimers();
            consumer.cancel();
        }
    }

    private void onTransportError(Throwable e) {
        // Neither Netty nor Vert.x sends a close frame for these; without closing here an oversized frame would end
        // in a bare TCP close and an oversized fragmented message would leave the socket open and silent.
        if (e instanceof CorruptedWebSocketFrameException corrupted) {
            // a single frame over maxFrameBytes (1009, MESSAGE_TOO_BIG) or a malformed frame (1002)
            closeWith(corrupted.closeStatus().code(), "Frame refused: " + corrupted.getMessage(), false);
        } else if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
            // a message fragmented into frames that together exceed maxFrameBytes
            closeWith(MESSAGE_TOO_BIG, "Message larger than the maximum message size", false);
        }
    }

    /**
     * Parses at arrival (only to know the frame's cost) and queues the handling: what a frame does, a close for a bad
     * frame included, happens in arrival order behind the backlog.
     */
    private void onText(String text) {
        if (closing) {
            return; // the server already closed: frames still in flight are not read
        }
        JsonNode frame;
        try {
            frame = FRAME_READER.readTree(text);
        } catch (JsonProcessingException e) {
            consumer.submit(0, () -> closeWith(INVALID_JSON, "Frame is not valid JSON", false));
            return;
        }
        if (frame == null || frame.isMissingNode()) {
            consumer.submit(0, () -> closeWith(INVALID_JSON, "Frame is not valid JSON (empty)", false));
            return;
        }
        String problem = FrameSchema.check(frame);
        if (problem != null) {
            consumer.submit(0, () -> closeWith(PROTOCOL_VIOLATION, problem, true));
            return;
        }
        ObjectNode message = (ObjectNode) frame;
        String type = message.get("type").asText();
        long cost = REPORTS.contains(type) ? timings.reportCostMillis() : 0;
        consumer.submit(cost, () -> handle(type, message));
    }

    private void handle(String type, ObjectNode message) {
        try {
            if (agent == null) {
                if (!"REGISTER".equals(type)) {
                    closeWith(PROTOCOL_VIOLATION, "The first frame must be REGISTER, got " + type, false);
                    return;
                }
                register(message);
            } else {
                dispatch(type, message);
            }
        } catch (RekuestException e) {
            closeWith(PROTOCOL_VIOLATION, e.getMessage(), false);
        }
    }

    private void register(ObjectNode message) {
        try {
            identity = verifier.verify(message.get("token").asText());
        } catch (AuthenticationException e) {
            closeWith(PROTOCOL_VIOLATION, "REGISTER refused: " + e.getMessage(), false);
            return;
        }
        JsonNode session = message.get("session_id");
        Registration registration;
        try {
            registration = store.register(identity, message.path("force").asBoolean(false),
                    session == null || session.isNull() ? null : session.asText(), this);
        } catch (RegistrationRefused e) {
            closeWith(e.closeCode, e.getMessage(), e.protocolError);
            return;
        }
        agent = registration.agent();
        ObjectNode init = Frames.frame("INIT");
        init.put("agent", agent.id);
        ArrayNode inquiries = init.putArray("inquiries");
        for (TaskRecord task : registration.inquiries()) {
            inquiries.addObject().put("task", task.id);
        }
        write(init);
        scheduleHeartbeat();
        drainQueue();
    }

    private void dispatch(String type, ObjectNode message) {
        switch (type) {
            case "REGISTER" -> closeWith(PROTOCOL_VIOLATION, "REGISTER was already received on this connection", false);
            case "HEARTBEAT_ANSWER" -> heartbeatAnswered();
            default -> {
                ObjectNode reply = messages.handle(agent, identity, type, message);
                if (reply != null) {
                    write(reply);
                }
            }
        }
    }

    // ------------------------------------------------------------------ heartbeats (§2.6)

    /**
     * The next HEARTBEAT goes out an interval after the previous answer was processed; the answer budget runs until the
     * answer is processed, so an answer stuck behind a backlog counts as late (§2.12).
     */
    private void scheduleHeartbeat() {
        heartbeatTimer = vertx.setTimer(timings.heartbeatIntervalMillis(), id -> {
            heartbeatTimer = -1;
            if (closing) {
                return;
            }
            write(Frames.frame("HEARTBEAT"));
            answerTimer = vertx.setTimer(timings.heartbeatTimeoutMillis(), t -> {
                answerTimer = -1;
                closeWith(HEARTBEAT_TIMEOUT, "Heartbeat answer not processed within "
                        + timings.heartbeatTimeoutMillis() + " ms (" + consumer.backlog() + " frames waiting)", false);
            });
        });
    }

    private void heartbeatAnswered() {
        if (closing) {
            return; // the heartbeat loop ended with the close: a late answer renews nothing
        }
        if (answerTimer >= 0) {
            vertx.cancelTimer(answerTimer);
            answerTimer = -1;
            scheduleHeartbeat();
        }
        if (!store.renewLease(agent, this)) {
            closeWith(DISPLACED, "This connection no longer holds the agent's lease", false);
        }
    }

    // ------------------------------------------------------------------ AgentLink

    @Override
    public void deliverQueued() {
        context.runOnContext(v -> drainQueue());
    }

    private void drainQueue() {
        if (closing || agent == null) {
            return;
        }
        for (ObjectNode frame : store.takeQueued(agent, this)) {
            write(frame);
        }
    }

    /** A mirror event costs the consumer as much as a report: it is database work on the real server too. */
    @Override
    public void mirror(ObjectNode frame) {
        onContext(() -> {
            if (!closing) {
                consumer.submit(timings.reportCostMillis(), () -> write(frame));
            }
        });
    }

    @Override
    public void close(int code, String reason) {
        context.runOnContext(v -> closeWith(code, reason, false));
    }

    private void onContext(Runnable action) {
        if (Context.isOnEventLoopThread() && Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    // ------------------------------------------------------------------ faults

    /** The agent this connection registered as, or null before REGISTER. */
    public AgentRecord agent() {
        return agent;
    }

    /** Whether the connection is closed or closing. */
    public boolean closing() {
        return closing;
    }

    /** Fault: the consumer takes no work for this long; frames queue up, heartbeat answers wait. */
    public void stall(long millis) {
        onContext(() -> consumer.stall(millis));
    }

    /**
     * Fault: a crashed server process. The backlog is lost, no disconnect handling runs (the agent keeps its
     * {@code connected} and {@code lastSeen}), and the transport is closed by whoever stops listening.
     */
    public void drop() {
        dropped = true;
        onContext(() -> {
            closing = true;
            cancelTimers();
            consumer.cancel();
        });
    }

    private void write(ObjectNode frame) {
        if (!closing) {
            ws.writeTextMessage(Json.write(frame));
        }
    }

    /**
     * Stops delivering at once, optionally sends PROTOCOL_ERROR, then closes with the code. Like v2.2.0, only schema
     * errors and a refused takeover (4004) are preceded by PROTOCOL_ERROR; every close carries the reason.
     */
    private void closeWith(int code, String reason, boolean protocolError) {
        if (closing) {
            return;
        }
        if (protocolError) {
            ObjectNode error = Frames.frame("PROTOCOL_ERROR");
            error.put("error", reason);
            ws.writeTextMessage(Json.write(error));
        }
        closing = true;
        cancelTimers();
        ws.close((short) code, closeReason(reason));
    }

    private void onClosed() {
        closing = true;
        cancelTimers();
        registry.remove(this);
        if (dropped) {
            consumer.cancel();
            return;
        }
        // like the ASGI host: work through the backlog for a while; disconnect handling runs only if it empties
        consumer.drainThen(timings.closeBacklogTimeoutMillis(), () -> {
            if (agent != null) {
                store.disconnected(agent, this);
            }
        });
    }

    private void cancelTimers() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
        }
        if (answerTimer >= 0) {
            vertx.cancelTimer(answerTimer);
            answerTimer = -1;
        }
    }

    /** A close reason must fit in 123 UTF-8 bytes. */
    private static String closeReason(String reason) {
        String r = reason == null ? "" : reason;
        while (r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
            r = r.substring(0, r.length() - 2);
        }
        return r;
    }
}
