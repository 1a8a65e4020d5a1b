package io.quarkiverse.rekuest.devserver.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook agent's endpoint for the tests: records every POST (raw body, signature header) and answers after a delay
 * (or not at all while the delay is longer than the test waits). Listens on 127.0.0.1.
 */
final class HookReceiver implements AutoCloseable {

    record Post(byte[] body, String signature, JsonNode frame) {
        String type() {
            return frame.path("type").asText();
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final List<Post> posts = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    volatile long answerAfterMillis;

    HookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            posts.add(new Post(body, exchange.getRequestHeaders().getFirst("X-Rekuest-Signature"), MAPPER.readTree(body)));
            try {
                TimeUnit.MILLISECONDS.sleep(answerAfterMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (IOException e) {
                // the server gave up on this POST (timeout)
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Post> ofType(String type) {
        return posts.stream().filter(p -> p.type().equals(type)).toList();
    }

    /** Lowercase hex HMAC-SHA256, computed here independently of the server's code. */
    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
