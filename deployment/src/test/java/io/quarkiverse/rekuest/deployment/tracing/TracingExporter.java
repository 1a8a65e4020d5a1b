package io.quarkiverse.rekuest.deployment.tracing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/** The exporter the tracing tests read: Quarkus exports to every {@code SpanExporter} bean. */
public class TracingExporter {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
