package io.quarkiverse.rekuest.deployment.health;

import java.net.http.HttpResponse;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.deployment.devservices.TestSupport;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One application for two things: {@code quarkus.rekuest.devservices.enabled=false} starts nothing and sets no URL; and,
 * with SmallRye Health in the application, the {@code rekuest agent} readiness check follows {@link AgentReadiness}.
 */
class ReadinessCheckAndDisabledDevServicesTest {

    static final int DEV_SERVICES_PORT = TestSupport.port("disabled");
    static final int HTTP_PORT = TestSupport.port("health-http");

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestSupport.class))
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-smallrye-health", Version.getVersion())))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.devservices.port", String.valueOf(DEV_SERVICES_PORT))
            .overrideConfigKey("quarkus.rekuest.agent.enabled", "false")
            .overrideConfigKey("quarkus.http.test-port", String.valueOf(HTTP_PORT));

    @Inject
    AgentReadiness readiness;

    @Test
    void disabledDevServicesStartNothing() {
        assertTrue(ConfigProvider.getConfig().getOptionalValue("quarkus.rekuest.url", String.class).isEmpty());
        assertTrue(ConfigProvider.getConfig().getOptionalValue("quarkus.rekuest.token", String.class).isEmpty());
        assertFalse(TestSupport.listening(DEV_SERVICES_PORT), "no embedded server");
    }

    @Test
    void readinessFollowsTheAgent() throws Exception {
        // the agent is disabled in this application: ready
        String body = ready(200);
        assertTrue(body.contains("\"rekuest agent\""), body);
        assertTrue(body.contains("\"disabled\""), body);

        readiness.setConnected(false, "reconnecting in 2 s (attempt 3)");
        body = ready(503);
        assertTrue(body.contains("reconnecting in 2 s (attempt 3)"), body);

        readiness.setConnected(true, "connected");
        body = ready(200);
        assertTrue(body.contains("\"connected\""), body);
    }

    private static String ready(int expectedStatus) throws Exception {
        HttpResponse<String> response = TestSupport.get("http://127.0.0.1:" + HTTP_PORT + "/q/health/ready");
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return response.body();
    }
}
