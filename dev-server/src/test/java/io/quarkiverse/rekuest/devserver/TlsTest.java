package io.quarkiverse.rekuest.devserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkiverse.rekuest.test.wire.SelfSignedCertificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dev server serving https and wss with a self-signed certificate made by the test. */
class TlsTest {

    @TempDir
    Path dir;

    @Test
    void servesHttpsAndWssWithAKeyStore() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        try (DevServer server = DevServer.start(DevServerConfig.builder().port(0)
                .tls(certificate.keyStore(), certificate.password()).build())) {
            assertTrue(server.httpUrl().startsWith("https://127.0.0.1:"), server.httpUrl());
            assertTrue(server.agiUrl().startsWith("wss://"), server.agiUrl());
            assertTrue(server.subscriptionsUrl().startsWith("wss://"), server.subscriptionsUrl());
            HttpClient client = HttpClient.newBuilder().sslContext(certificate.trustingContext())
                    .connectTimeout(Duration.ofSeconds(5)).build();

            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/ht")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());

            HttpResponse<String> graphql = client.send(HttpRequest.newBuilder(URI.create(server.graphqlUrl()))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + DevServerConfig.DEV_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ agents { id } }\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, graphql.statusCode());
            assertTrue(graphql.body().contains("\"agents\""), graphql.body());

            // the agent socket over wss: REGISTER reaches the server (no agent yet: refused with 3003, over TLS)
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            WebSocket socket = client.newWebSocketBuilder().buildAsync(URI.create(server.agiUrl()), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                    events.add("close " + statusCode);
                    return null;
                }
            }).get(5, TimeUnit.SECONDS);
            socket.sendText("{\"id\":\"1\",\"type\":\"REGISTER\",\"token\":\"dev-token\",\"force\":false,\"session_id\":null}",
                    true);
            String closed = events.poll(5, TimeUnit.SECONDS);
            assertTrue(closed != null && closed.startsWith("close 3003"), "closed: " + closed);

            // a client that does not trust the certificate is refused
            HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(Exception.class, () -> untrusting.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/ht"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void servesHttpsWithPemFiles() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        // the PEM key: convert the PKCS12 entry
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(certificate.keyStore())) {
            store.load(in, certificate.password().toCharArray());
        }
        java.security.Key key = store.getKey("rekuest", certificate.password().toCharArray());
        Path keyPem = dir.resolve("server.key");
        java.nio.file.Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        try (DevServer server = DevServer.start(DevServerConfig.builder().port(0)
                .tls(certificate.certificatePem(), keyPem).build())) {
            HttpClient client = HttpClient.newBuilder().sslContext(certificate.trustingContext()).build();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/ht")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        }
    }
}
