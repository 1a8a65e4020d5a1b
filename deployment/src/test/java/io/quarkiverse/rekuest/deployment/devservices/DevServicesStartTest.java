package io.quarkiverse.rekuest.deployment.devservices;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dev Services on, no URL: the application gets the embedded server's URL and a dev token of its own, the server
 * answers GraphQL with that token, one INFO line names the URL, and the server is gone when the application stops.
 */
class DevServicesStartTest {

    static final int PORT = TestSupport.port("start");

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestSupport.class))
            .overrideConfigKey("quarkus.application.name", "ds-start")
            .overrideConfigKey("quarkus.rekuest.devservices.port", String.valueOf(PORT))
            .overrideConfigKey("quarkus.rekuest.agent.enabled", "false")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.rekuest.deployment.devservices"))
            .assertLogRecords(DevServicesStartTest::oneInfoLineWithTheUrl)
            .setAfterAllCustomizer(() -> assertFalse(TestSupport.listening(PORT),
                    "the server the application started is closed with it"));

    @Test
    void configAndServer() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.rekuest.url", String.class);
        String token = ConfigProvider.getConfig().getValue("quarkus.rekuest.token", String.class);
        assertEquals("http://127.0.0.1:" + PORT, url);
        assertEquals("dev:ds-start-test", token, "a dev identity of its own, marked as the test-mode one");

        HttpResponse<String> response = TestSupport.graphql(url, token, "query { agents { id } }");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"agents\""), response.body());
        assertFalse(response.body().contains("\"errors\""), response.body());

        HttpResponse<String> refused = TestSupport.graphql(url, "not-a-token", "query { agents { id } }");
        assertTrue(refused.statusCode() != 200 || refused.body().contains("errors"), "the server checks tokens");
    }

    static void oneInfoLineWithTheUrl(List<LogRecord> records) {
        List<String> info = records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .map(r -> r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage())
                .toList();
        assertEquals(1, info.size(), () -> "one INFO line: " + info);
        assertTrue(info.get(0).contains("http://127.0.0.1:" + PORT), info.get(0));
        assertFalse(info.get(0).contains("dev:"), "no token in the log: " + info.get(0));
    }
}
