package io.quarkiverse.rekuest.deployment.devservices;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.logging.LogRecord;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rekuest dev server already listens on the Dev Services port (another application in dev mode, or a previous one
 * in this JVM): the application shares it, with its own dev identity, instead of starting one, and leaves it running
 * when it stops.
 */
class DevServicesSharedTest {

    static final int PORT = TestSupport.port("shared");
    static DevServer running;

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestSupport.class))
            .overrideConfigKey("quarkus.application.name", "ds-shared")
            .overrideConfigKey("quarkus.rekuest.devservices.port", String.valueOf(PORT))
            .overrideConfigKey("quarkus.rekuest.agent.enabled", "false")
            .setBeforeAllCustomizer(() -> running = DevServer.start(DevServerConfig.builder().port(PORT).build()))
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.rekuest.deployment.devservices"))
            .assertLogRecords(DevServicesSharedTest::sharingLogged)
            .setAfterAllCustomizer(() -> {
                try {
                    assertEquals(200, TestSupport.get(running.httpUrl() + "/ht").statusCode(),
                            "a shared server is not closed by the application that found it");
                } catch (Exception e) {
                    throw new AssertionError(e);
                } finally {
                    running.close();
                }
            });

    @Test
    void sharesTheRunningServer() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.rekuest.url", String.class);
        String token = ConfigProvider.getConfig().getValue("quarkus.rekuest.token", String.class);
        assertEquals("http://127.0.0.1:" + PORT, url);
        assertEquals("dev:ds-shared-test", token);
        HttpResponse<String> response = TestSupport.graphql(url, token, "query { agents { id } }");
        assertEquals(200, response.statusCode(), response.body());
        assertFalse(response.body().contains("\"errors\""), response.body());
    }

    static void sharingLogged(List<LogRecord> records) {
        List<String> lines = records.stream()
                .map(r -> r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage())
                .filter(m -> m.contains("rekuest"))
                .toList();
        assertTrue(lines.stream().anyMatch(m -> m.contains("sharing") && m.contains("http://127.0.0.1:" + PORT)),
                () -> "logs that it shares the server: " + lines);
        assertTrue(lines.stream().noneMatch(m -> m.contains("started the embedded")), () -> "starts none: " + lines);
    }
}
