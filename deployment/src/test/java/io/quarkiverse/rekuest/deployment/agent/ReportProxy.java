package io.quarkiverse.rekuest.deployment.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands between a webhook agent and the embedded server's {@code /agi/http/...}: it forwards every report, except that
 * the first YIELD reaches the server but its answer is replaced by 502 (processed, not acknowledged), and the first
 * COMPLETED is answered 503 without reaching the server. Started once per JVM (the test class is loaded twice); what it
 * did is counted in system properties.
 */
final class ReportProxy {

    static final String FAILURES = "rekuest.test.webhook-proxy.failures";

    private ReportProxy() {
    }

    /** The proxy's base URL, forwarding to {@code target}. */
    static synchronized String url(String target) {
        String key = "rekuest.test.webhook-proxy." + target;
        String url = System.getProperty(key);
        if (url == null) {
            try {
                url = start(target);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            System.setProperty(key, url);
        }
        return url;
    }

    private static String start(String target) throws IOException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicBoolean yieldFailed = new AtomicBoolean();
        AtomicBoolean completedFailed = new AtomicBoolean();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/agi/http/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            if (text.contains("\"type\":\"COMPLETED\"") && completedFailed.compareAndSet(false, true)) {
                failed();
                answer(exchange, 503, "{\"error\":\"unavailable\"}");
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().getPath()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            String signature = exchange.getRequestHeaders().getFirst("X-Rekuest-Signature");
            if (signature != null) {
                forward.header("X-Rekuest-Signature", signature);
            }
            HttpResponse<String> response;
            try {
                response = client.send(forward.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer(exchange, 502, "{}");
                return;
            }
            if (text.contains("\"type\":\"YIELD\"") && yieldFailed.compareAndSet(false, true)) {
                failed();
                answer(exchange, 502, "{\"error\":\"bad gateway\"}");
                return;
            }
            answer(exchange, response.statusCode(), response.body());
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static synchronized void failed() {
        System.setProperty(FAILURES, String.valueOf(Integer.getInteger(FAILURES, 0) + 1));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
