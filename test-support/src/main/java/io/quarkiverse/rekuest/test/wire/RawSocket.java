package io.quarkiverse.rekuest.test.wire;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A raw websocket client for tests (the JDK's {@link HttpClient} websocket, no project code): sends text or binary
 * frames, receives whole JSON frames in order, and reports the close code the server chose.
 */
public final class RawSocket implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final WebSocket ws;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final List<JsonNode> history = new ArrayList<>();
    private volatile boolean answerHeartbeats;
    /** When set, frames go to it (on the receiving thread) instead of the queue that {@link #next} reads. */
    private final Consumer<JsonNode> handler;

    private RawSocket(String url, String subprotocol, Consumer<JsonNode> handler) {
        this.handler = handler;
        Listener listener = new Listener();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        this.ws = builder.buildAsync(URI.create(url), listener).join();
    }

    public static RawSocket connect(String url) {
        return new RawSocket(url, null, null);
    }

    public static RawSocket connect(String url, String subprotocol) {
        return new RawSocket(url, subprotocol, null);
    }

    /**
     * A socket whose frames are pushed to {@code handler} on the receiving thread, in order (for agents that react to
     * frames rather than read them); {@link #history()} still records them, {@link #next} does not see them.
     */
    public static RawSocket connect(String url, Consumer<JsonNode> handler) {
        return new RawSocket(url, null, handler);
    }

    public String subprotocol() {
        return ws.getSubprotocol();
    }

    public RawSocket send(String text) {
        // the JDK websocket refuses a send while another is pending: the test thread and the heartbeat answerer take turns
        synchronized (ws) {
            ws.sendText(text, true).join();
        }
        return this;
    }

    public RawSocket send(Object json) {
        try {
            return send(MAPPER.writeValueAsString(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * From now on every HEARTBEAT is answered the moment it arrives, by the receiving thread, like an agent whose
     * heartbeat handling never waits for anything (the HEARTBEAT is still queued for {@link #next}).
     */
    public RawSocket answerHeartbeats() {
        this.answerHeartbeats = true;
        return this;
    }

    /** Sends the frames back to back (a burst). */
    public RawSocket sendAll(List<?> frames) {
        for (Object frame : frames) {
            send(frame);
        }
        return this;
    }

    public RawSocket sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** The next frame, failing the test if none arrives in time. */
    public JsonNode next(Duration timeout) {
        try {
            JsonNode frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError(
                        "no frame within " + timeout + (closed.isDone() ? " (socket closed with " + closed.join() + ")" : ""));
            }
            return frame;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode next() {
        return next(Duration.ofSeconds(5));
    }

    /** Skips frames until one of the type arrives (HEARTBEATs in between are answered). */
    public JsonNode nextOfType(String type) {
        return nextMatching(f -> type.equals(f.path("type").asText()), Duration.ofSeconds(5));
    }

    public JsonNode nextMatching(Predicate<JsonNode> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching frame within " + timeout + "; seen: " + history());
            }
            JsonNode frame = next(Duration.ofNanos(left));
            if (predicate.test(frame)) {
                return frame;
            }
        }
    }

    /** Fails if a frame arrives within the window. */
    public void expectNoFrame(Duration window) {
        try {
            JsonNode frame = frames.poll(window.toMillis(), TimeUnit.MILLISECONDS);
            if (frame != null) {
                throw new AssertionError("unexpected frame " + frame);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails if a frame other than {@code allowed} arrives within the window, or the socket closes. */
    public void expectNoFrameOtherThan(String allowed, Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                JsonNode frame = frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null && !allowed.equals(frame.path("type").asText())) {
                    throw new AssertionError("unexpected frame " + frame);
                }
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        if (closed.isDone()) {
            throw new AssertionError("socket closed with " + closed.join() + " within " + window);
        }
    }

    /** Waits for the server to close the socket and returns its close code. */
    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + timeout + "; frames seen: " + history());
        }
    }

    public void assertClosedWith(int code) {
        int actual = awaitClose(Duration.ofSeconds(5));
        if (actual != code) {
            throw new AssertionError("close code: expected " + code + " but was " + actual + "; frames seen: " + history());
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Everything received so far, in order. */
    public synchronized List<JsonNode> history() {
        return List.copyOf(history);
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }
        ws.abort();
    }

    /** Abruptly drops the connection (no close frame), like a crashed process. */
    public void abort() {
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode frame;
                try {
                    frame = MAPPER.readTree(text.toString());
                } catch (Exception e) {
                    frame = null;
                }
                if (frame == null || frame.isMissingNode()) {
                    frame = MAPPER.createObjectNode().put("type", "<not json>").put("text", text.toString());
                }
                synchronized (RawSocket.this) {
                    history.add(frame);
                }
                if (answerHeartbeats && "HEARTBEAT".equals(frame.path("type").asText())) {
                    try {
                        send("{\"id\":\"" + java.util.UUID.randomUUID() + "\",\"type\":\"HEARTBEAT_ANSWER\"}");
                    } catch (RuntimeException closed) {
                        // the socket is closing: nothing to answer any more
                    }
                }
                if (handler != null) {
                    handler.accept(frame);
                } else {
                    frames.add(frame);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
