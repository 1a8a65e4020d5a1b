package io.quarkiverse.rekuest.runtime.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkiverse.rekuest.runtime.agent.webhook.WebhookInbox;
import io.quarkiverse.rekuest.runtime.agent.webhook.WebhookSignature;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The webhook transport (protocol.adoc §2.11): no connection is kept. The server POSTs every message to the
 * application's intake ({@link io.quarkiverse.rekuest.runtime.agent.webhook.WebhookIntake}), which hands it to
 * {@link #receive}; the agent reports by POSTing each frame, signed, to {@code <url>/agi/http/<agent>}, and the server's
 * reply ({@code EVENT_ACK}, {@code ASSIGN_RESPONSE}...) is the response body.
 * <p>
 * Reports go out one at a time, in outbox order: a 2xx answer means the server has processed the frame, which confirms
 * it in the {@link Outbox} like an {@code EVENT_ACK}. A POST that fails or times out may or may not have been processed,
 * exactly like a frame on a socket that closed: the "link" is given up, and after the reconnect backoff a new one
 * starts, on which the outbox re-sends what is unconfirmed, minus what the server stored (read over GraphQL). So the
 * websocket agent's rules hold: every report retried until acknowledged, none doubled. No heartbeats, no inquiries.
 */
final class WebhookTransport implements AgentTransport, WebhookInbox {

    private static final Logger LOG = Logger.getLogger(WebhookTransport.class);

    /** A webhook agent gets no INIT: no inquiries (the server never asks a webhook agent about its tasks). */
    private static final JsonNode NO_INQUIRIES = Frames.MAPPER.createObjectNode().putArray("inquiries");

    private final Vertx vertx;
    private final AgentConnection.Handler handler;
    private final AgentReadiness readiness;
    private final RekuestEvents events;
    private final Backoff backoff;
    private final WebClient client;
    private final WebhookSignature signature;
    private final String agiUrl;
    private final long timeoutMillis;
    /** The public URL the server POSTs to, once the HTTP server listens (it may be derived from the local port). */
    private final Supplier<CompletableFuture<String>> hookUrl;

    private final CompletableFuture<Void> firstInit = new CompletableFuture<>();

    // guarded by this
    private Link current;
    private boolean live;
    private boolean stopped;
    private String agentId;
    private String reportUrl;
    private int attempt;
    private int startupFailures;
    private long retryTimer = -1;

    /** One run of POSTs, as the outbox sees it: given up (and replaced) when a POST fails. */
    private final class Link implements AgentLink {
        /** Frames waiting for their POST, in order; the head is being POSTed. */
        private final ArrayDeque<String> queue = new ArrayDeque<>();
        private boolean posting;

        @Override
        public void send(String text) {
            synchronized (WebhookTransport.this) {
                if (current != this) {
                    return; // given up: the outbox sends it again on the next link
                }
                queue.addLast(text);
            }
            postNext();
        }

        private void postNext() {
            String text;
            String url;
            synchronized (WebhookTransport.this) {
                if (current != this || posting || queue.isEmpty()) {
                    return;
                }
                posting = true;
                text = queue.peekFirst();
                url = reportUrl;
            }
            WireLog.out(text);
            events.frameSent();
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            client.postAbs(url)
                    .timeout(timeoutMillis)
                    .putHeader("Content-Type", "application/json")
                    .putHeader(WebhookSignature.HEADER, signature.sign(body))
                    .sendBuffer(Buffer.buffer(body))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            answered(text, ar.result());
                        } else {
                            failed(this, "the report POST failed: " + TaskDispatcher.describe(ar.cause()));
                        }
                    });
        }

        private void answered(String text, HttpResponse<Buffer> response) {
            int status = response.statusCode();
            JsonNode sent = parse(text);
            String type = sent == null ? null : Frames.text(sent, "type");
            if (status == 400) {
                // a frame the server will never take: sending it again cannot help, the task is reported as far as it goes
                LOG.errorf("The rekuest server refused a %s report as invalid (400: %s); it is dropped", type,
                        response.bodyAsString());
            } else if (status < 200 || status >= 300) {
                failed(this, status == 401
                        ? "the server refused the report's signature (401): quarkus.rekuest.agent.webhook.secret is not"
                                + " the hookUrlSecret it has (another replica registered another secret?)"
                        : status == 403 ? "the agent is blocked on the server (403)"
                                : status == 404 ? "the server knows no webhook agent " + agentId() + " (404)"
                                        : "the server answered a report with HTTP " + status);
                return;
            }
            synchronized (WebhookTransport.this) {
                if (current != this) {
                    return;
                }
                queue.pollFirst();
                posting = false;
                attempt = 0;
            }
            // the answer came after the server processed the frame: it confirms it, as an EVENT_ACK would
            if (sent != null && Frames.text(sent, "id") != null) {
                ObjectNode processed = Frames.MAPPER.createObjectNode();
                processed.put("event", Frames.text(sent, "id"));
                handler.frame(this, "EVENT_ACK", processed, true);
            }
            JsonNode reply = status == 400 ? null : parse(response.bodyAsString());
            if (reply != null && reply.isObject() && reply.path("type").isTextual()) {
                WireLog.in(response.bodyAsString(), reply);
                events.frameReceived();
                handler.frame(this, reply.get("type").asText(), reply, true);
            }
            postNext();
        }
    }

    WebhookTransport(Vertx vertx, WebClientOptions options, String secret, String agiUrl, long timeoutMillis,
            Supplier<CompletableFuture<String>> hookUrl, Backoff backoff, AgentReadiness readiness, RekuestEvents events,
            AgentConnection.Handler handler) {
        this.vertx = vertx;
        this.client = options == null ? WebClient.create(vertx) : WebClient.create(vertx, options);
        this.signature = new WebhookSignature(secret);
        this.agiUrl = agiUrl;
        this.timeoutMillis = timeoutMillis;
        this.hookUrl = hookUrl;
        this.backoff = backoff;
        this.readiness = readiness;
        this.events = events;
        this.handler = handler;
    }

    /** {@code ws(s)://host/prefix/agi} → {@code http(s)://host/prefix/agi/http/<agent>}. */
    static String reportUrl(String agiUrl, String agentId) {
        String base = agiUrl.endsWith("/") ? agiUrl.substring(0, agiUrl.length() - 1) : agiUrl;
        if (base.startsWith("wss://")) {
            base = "https://" + base.substring(6);
        } else if (base.startsWith("ws://")) {
            base = "http://" + base.substring(5);
        }
        return base + "/http/" + agentId;
    }

    // =================================================================== AgentTransport

    @Override
    public void connect() {
        hookUrl.get().whenComplete((url, failure) -> {
            if (failure != null) {
                LOG.errorf("The rekuest webhook agent cannot start: %s", failure.getMessage());
                readiness.setConnected(false, "not started: " + failure.getMessage());
                terminate(failure);
                return;
            }
            register(url);
        });
    }

    private void register(String url) {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        handler.beforeFirstConnect().subscribe().with(v -> {
            String id;
            synchronized (this) {
                id = agentId;
                reportUrl = reportUrl(agiUrl, id);
            }
            LOG.infof("rekuest webhook agent %s registered: the server POSTs to %s, reports go to %s", id, url,
                    reportUrl(agiUrl, id));
            openLink(false);
        }, failure -> {
            long delay;
            synchronized (this) {
                startupFailures++;
                delay = backoff.delayMillis(++attempt);
            }
            LOG.warnf("The rekuest webhook agent could not register (%s); trying again in %d ms",
                    TaskDispatcher.describe(failure), delay);
            readiness.setConnected(false, "registering, retrying: " + TaskDispatcher.describe(failure));
            later(delay, () -> register(url));
        });
    }

    /** A new run of POSTs: the outbox re-sends what is unconfirmed (after reading what the server stored). */
    private void openLink(boolean reconnected) {
        Link link;
        synchronized (this) {
            if (stopped) {
                return;
            }
            link = new Link();
            current = link;
            live = true;
        }
        readiness.setConnected(true, "webhook agent " + agentId() + ", reporting to " + reportUrl(agiUrl, agentId()));
        boolean again = !firstInit.complete(null) || reconnected;
        handler.initialized(link, NO_INQUIRIES, again);
    }

    private void failed(Link link, String why) {
        long delay;
        synchronized (this) {
            if (current != link || stopped) {
                return;
            }
            current = null;
            live = false;
            delay = backoff.delayMillis(++attempt);
        }
        LOG.warnf("rekuest webhook agent %s: %s; unconfirmed reports are sent again in %d ms", agentId(), why, delay);
        readiness.setConnected(false, why + "; retrying");
        handler.lost(link);
        later(delay, () -> openLink(true));
    }

    private void later(long delay, Runnable action) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            retryTimer = vertx.setTimer(Math.max(1, delay), id -> action.run());
        }
    }

    @Override
    public CompletableFuture<Void> firstInit() {
        return firstInit;
    }

    @Override
    public synchronized boolean isLive() {
        return live;
    }

    @Override
    public synchronized String agentId() {
        return agentId;
    }

    @Override
    public synchronized void registeredAs(String id) {
        agentId = id;
    }

    @Override
    public Map<Integer, Integer> closes() {
        return Map.of();
    }

    @Override
    public synchronized int startupFailures() {
        return startupFailures;
    }

    private synchronized void terminate(Throwable reason) {
        stopped = true;
        live = false;
        current = null;
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
        firstInit.completeExceptionally(reason);
    }

    @Override
    public void close() {
        terminate(new IllegalStateException("The agent was shut down"));
        client.close();
    }

    // =================================================================== WebhookInbox

    /** A verified message from the intake. Everything but the socket's own frames goes to the agent. */
    @Override
    public void receive(JsonNode frame) {
        String type = Frames.text(frame, "type");
        WireLog.in(frame.toString(), frame);
        events.frameReceived();
        Link link;
        synchronized (this) {
            if (stopped) {
                return;
            }
            link = current;
        }
        switch (type) {
            case "KICK" -> LOG.warnf("The rekuest server kicked webhook agent %s%s; it is probably blocked", agentId(),
                    frame.hasNonNull("reason") ? " (" + Frames.text(frame, "reason") + ")" : "");
            case "BOUNCE", "HEARTBEAT", "INIT", "PROTOCOL_ERROR" -> LOG.debugf("Ignoring %s: a webhook agent has no connection",
                    type);
            default -> handler.frame(link == null ? NO_LINK : link, type, frame, true);
        }
    }

    /** What frames arriving between two links are attributed to: nothing they confirm can be on it. */
    private static final AgentLink NO_LINK = text -> {
    };

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isEmpty() ? null : Frames.MAPPER.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }
}
