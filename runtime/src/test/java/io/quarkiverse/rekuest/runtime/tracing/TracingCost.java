package io.quarkiverse.rekuest.runtime.tracing;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * What the tracing hooks cost per task in isolation (not a test: run its {@code main} with the test class path): an
 * {@code ASSIGN}'s {@code taskOpened} on a fresh duplicated context and its {@code taskClosed}, with the SDK's batch
 * span processor (defaults, as Quarkus configures it) and an exporter that drops what it gets (the OTLP encoding is not
 * included: the agent benchmark shows it on the {@code BatchSpanProcessor} thread). Prints the process CPU per task
 * on 1 thread and on 32 threads at once.
 */
public final class TracingCost {

    public static void main(String[] args) throws Exception {
        int tasks = Integer.getInteger("tasks", 200_000);
        AtomicLong exported = new AtomicLong();
        SpanExporter drop = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                exported.addAndGet(spans.size());
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(drop).setMaxQueueSize(1 << 20).build()).build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
        RekuestTracing tracing = new RekuestTracing(sdk);
        Vertx vertx = Vertx.vertx();
        Context root = vertx.getOrCreateContext();
        ObjectNode assign = JsonNodeFactory.instance.objectNode();
        assign.put("type", "ASSIGN").put("interface", "add").put("reference", "r").putNull("parent");

        for (int round = 0; round < 5; round++) {
            for (int threads : new int[] { 1, 32 }) {
                double none = run(RekuestEvents.NONE, root, assign, tasks, threads, provider);
                double traced = run(tracing, root, assign, tasks, threads, provider);
                System.out.printf("round %d, %2d threads: %.2f us CPU per task with the hooks of RekuestTracing, %.2f us"
                        + " with those of NONE (a duplicated context per task in both): +%.2f us; %d spans exported%n",
                        round, threads, traced, none, traced - none, exported.getAndSet(0));
            }
        }
        provider.shutdown();
        vertx.close();
    }

    /** The process CPU per task (microseconds) of {@code tasks} tasks opened and closed on {@code threads} threads. */
    private static double run(RekuestEvents events, Context root, ObjectNode assign, int tasks, int threads,
            SdkTracerProvider provider) throws InterruptedException {
        long cpu = cpu();
        CountDownLatch done = new CountDownLatch(threads);
        int each = tasks / threads;
        for (int t = 0; t < threads; t++) {
            int offset = t * each;
            new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    Context context = VertxContext.createNewDuplicatedContext(root);
                    Object trace = events.taskOpened("add", Integer.toString(offset + i), assign, context);
                    if (trace != null) {
                        events.taskClosed(trace, RekuestEvents.COMPLETED, null, null);
                    }
                }
                done.countDown();
            }).start();
        }
        done.await();
        // what the batch span processor still has to export is part of the cost
        provider.forceFlush().join(10, TimeUnit.SECONDS);
        return (cpu() - cpu) / 1000.0 / (each * threads);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
