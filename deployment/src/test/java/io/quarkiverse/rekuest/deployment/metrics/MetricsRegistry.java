package io.quarkiverse.rekuest.deployment.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The registry the metrics test reads: Quarkus adds every registry bean to the global registry. */
public class MetricsRegistry {

    @Produces
    @Singleton
    SimpleMeterRegistry registry() {
        return new SimpleMeterRegistry();
    }
}
