package io.quarkiverse.rekuest.deployment.devservices;

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
 * Tokens asked of a real server ({@code auth.source=client-credentials}) but no URL: the embedded server would refuse
 * them, so Dev Services do not start it and say why, naming the keys to set.
 */
class DevServicesRealServerAuthTest {

    static final int PORT = TestSupport.port("real-auth");

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestSupport.class))
            .overrideConfigKey("quarkus.application.name", "ds-real-auth")
            .overrideConfigKey("quarkus.rekuest.devservices.port", String.valueOf(PORT))
            .overrideConfigKey("quarkus.rekuest.auth.source", "client-credentials")
            .overrideConfigKey("quarkus.rekuest.agent.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.rekuest.deployment.devservices"))
            .assertLogRecords(DevServicesRealServerAuthTest::saysWhy);

    @Test
    void noEmbeddedServer() {
        assertTrue(ConfigProvider.getConfig().getOptionalValue("quarkus.rekuest.url", String.class).isEmpty(),
                "no URL was injected");
        assertFalse(TestSupport.listening(PORT), "no server was started on the dev port");
    }

    static void saysWhy(List<LogRecord> records) {
        List<String> info = records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .map(r -> r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage())
                .toList();
        assertEquals(1, info.size(), () -> "one INFO line: " + info);
        assertTrue(info.get(0).contains("quarkus.rekuest.auth.source=client-credentials"), info.get(0));
        assertTrue(info.get(0).contains("quarkus.rekuest.url"), info.get(0));
    }
}
