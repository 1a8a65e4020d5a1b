package io.quarkiverse.rekuest.deployment.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Something else holds the Dev Services port: the start fails with a message that names the port property. */
class DevServicesForeignPortTest {

    static final int PORT = TestSupport.port("foreign");
    static HttpServer foreign;

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.rekuest.devservices.port", String.valueOf(PORT))
            .overrideConfigKey("quarkus.rekuest.agent.enabled", "false")
            .setBeforeAllCustomizer(DevServicesForeignPortTest::startForeignServer)
            .setAfterAllCustomizer(() -> foreign.stop(0))
            .assertException(e -> {
                String message = e.getMessage();
                assertTrue(message.contains("quarkus.rekuest.devservices.port"), message);
                assertTrue(message.contains("127.0.0.1:" + PORT), message);
                assertTrue(message.contains("not a rekuest dev server"), message);
            });

    static void startForeignServer() {
        try {
            foreign = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        foreign.createContext("/", exchange -> {
            byte[] body = "<html>some other app</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        foreign.start();
    }

    @Test
    void foreignServerIsLeftAlone() throws Exception {
        assertEquals(200, TestSupport.get("http://127.0.0.1:" + PORT + "/").statusCode());
    }
}
