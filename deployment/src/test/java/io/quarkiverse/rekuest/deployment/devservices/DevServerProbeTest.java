package io.quarkiverse.rekuest.deployment.devservices;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkus.runtime.LaunchMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The port probe and the dev identity, without booting Quarkus. */
class DevServerProbeTest {

    @Test
    void findsRekuestDevServer() {
        try (DevServer server = DevServer.start(DevServerConfig.builder().port(0).build())) {
            DevServerProbe.Result result = DevServerProbe.probe(server.port());
            assertEquals(DevServerProbe.Kind.REKUEST_DEV_SERVER, result.kind(), () -> result.detail());
            assertEquals(server.httpUrl(), result.url());
        }
    }

    @Test
    void freePort() {
        int port = TestSupport.port("probe-free");
        assertEquals(DevServerProbe.Kind.FREE, DevServerProbe.probe(port).kind());
    }

    @Test
    void foreignHttpServer() throws Exception {
        HttpServer foreign = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        foreign.createContext("/", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            // a health endpoint like ours, but no rekuest schema
            int status = exchange.getRequestURI().getPath().equals("/ht") ? 200 : 404;
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        foreign.start();
        try {
            DevServerProbe.Result result = DevServerProbe.probe(foreign.getAddress().getPort());
            assertEquals(DevServerProbe.Kind.FOREIGN, result.kind());
            assertTrue(result.detail().contains("/schema"), result.detail());
        } finally {
            foreign.stop(0);
        }
    }

    @Test
    void foreignNonHttpServer() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            // accepts connections (backlog) but never answers
            DevServerProbe.Result result = DevServerProbe.probe(silent.getLocalPort());
            assertEquals(DevServerProbe.Kind.FOREIGN, result.kind());
            assertTrue(result.detail().contains("does not answer HTTP"), result.detail());
        }
    }

    @Test
    void devIdentity() {
        assertEquals("shop", RekuestDevServicesProcessor.devIdentity("shop", LaunchMode.DEVELOPMENT));
        assertEquals("shop-test", RekuestDevServicesProcessor.devIdentity("shop", LaunchMode.TEST));
        assertEquals("application", RekuestDevServicesProcessor.devIdentity(null, LaunchMode.DEVELOPMENT));
        assertEquals("application-test", RekuestDevServicesProcessor.devIdentity("<<unset>>", LaunchMode.TEST));
    }
}
