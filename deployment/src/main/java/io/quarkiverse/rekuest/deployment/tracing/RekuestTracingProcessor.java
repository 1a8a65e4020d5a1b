package io.quarkiverse.rekuest.deployment.tracing;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;

/**
 * OpenTelemetry spans of the agent and the caller, only when the application has {@code quarkus-opentelemetry} (the
 * tracer capability) with traces on. Without it nothing is registered, the tracing class is never loaded, and the
 * agent and caller report to a no-op observer (or to the metrics alone).
 */
class RekuestTracingProcessor {

    /** By name: the class refers to OpenTelemetry, which is only there when the application has it. */
    static final String TRACING = "io.quarkiverse.rekuest.runtime.tracing.RekuestTracing";

    @BuildStep
    void tracing(Capabilities capabilities, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (capabilities.isPresent(Capability.OPENTELEMETRY_TRACER) && tracesEnabled()) {
            beans.produce(AdditionalBeanBuildItem.builder().addBeanClasses(TRACING).setUnremovable().build());
        }
    }

    /**
     * {@code quarkus.otel.enabled} and {@code quarkus.otel.traces.enabled} are build-time switches of the
     * OpenTelemetry extension (read by name: this module does not depend on it); with either off it has no tracer.
     */
    private static boolean tracesEnabled() {
        Config config = ConfigProvider.getConfig();
        return config.getOptionalValue("quarkus.otel.enabled", Boolean.class).orElse(true)
                && config.getOptionalValue("quarkus.otel.traces.enabled", Boolean.class).orElse(true);
    }
}
