package io.quarkiverse.rekuest.runtime.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.quarkiverse.rekuest.runtime.config.RekuestConfig;

/**
 * The {@code rekuest agent} readiness check: DOWN until the agent received {@code INIT} and while it reconnects, UP
 * when it is connected or when no agent runs. Registered by the extension only when the application has SmallRye
 * Health.
 */
@Readiness
@ApplicationScoped
public class AgentReadinessCheck implements HealthCheck {

    /** The name of the check in {@code /q/health/ready}. */
    public static final String NAME = "rekuest agent";

    @Inject
    AgentReadiness readiness;

    @Inject
    RekuestConfig config;

    @Override
    public HealthCheckResponse call() {
        AgentReadiness.Status status = readiness.status();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME)
                .status(status.ready())
                .withData("state", status.state().name().toLowerCase())
                .withData("since", status.since().toString());
        if (status.detail() != null) {
            builder.withData("detail", status.detail());
        }
        if (!readiness.missingDependencies().isEmpty()) {
            builder.withData("missing dependencies", String.join("; ", readiness.missingDependencies()));
        }
        // the server's address, never the token
        config.url().ifPresent(url -> builder.withData("server", url));
        return builder.build();
    }
}
