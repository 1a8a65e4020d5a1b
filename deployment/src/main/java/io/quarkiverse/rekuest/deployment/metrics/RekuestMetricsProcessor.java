package io.quarkiverse.rekuest.deployment.metrics;

import java.util.Optional;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.runtime.metrics.MetricsFactory;

/**
 * Micrometer meters of the agent and the caller, only when the application has {@code quarkus-micrometer} (the metrics
 * capability, with Micrometer as its implementation). Without it
 * nothing is registered, the metrics class is never loaded, and the agent and caller report to a no-op observer.
 */
class RekuestMetricsProcessor {

    /** By name: the class refers to Micrometer, which is only there when the application has it. */
    static final String METRICS = "io.quarkiverse.rekuest.runtime.metrics.RekuestMetrics";

    @BuildStep
    void metrics(Capabilities capabilities, Optional<MetricsCapabilityBuildItem> metricsCapability,
            BuildProducer<AdditionalBeanBuildItem> beans) {
        if (capabilities.isPresent(Capability.METRICS) && metricsCapability.isPresent()
                && metricsCapability.get().metricsSupported(MetricsFactory.MICROMETER)) {
            beans.produce(AdditionalBeanBuildItem.builder().addBeanClasses(METRICS).setUnremovable().build());
        }
    }
}
