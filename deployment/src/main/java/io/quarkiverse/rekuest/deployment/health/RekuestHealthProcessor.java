package io.quarkiverse.rekuest.deployment.health;

import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;

/** The agent's readiness state, and the {@code rekuest agent} readiness check when the application has SmallRye Health. */
class RekuestHealthProcessor {

    /** By name: the check implements a SmallRye Health type, which is only there when the application has it. */
    static final String READINESS_CHECK = "io.quarkiverse.rekuest.runtime.health.AgentReadinessCheck";

    @BuildStep
    AdditionalBeanBuildItem agentReadiness() {
        // the agent updates it whether or not a health check reads it
        return AdditionalBeanBuildItem.unremovableOf(AgentReadiness.class);
    }

    @BuildStep
    void readinessCheck(Capabilities capabilities, BuildProducer<HealthBuildItem> health) {
        if (capabilities.isPresent(Capability.SMALLRYE_HEALTH)) {
            health.produce(new HealthBuildItem(READINESS_CHECK, true));
        }
    }
}
