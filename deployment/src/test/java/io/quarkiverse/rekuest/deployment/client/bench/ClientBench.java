package io.quarkiverse.rekuest.deployment.client.bench;

import java.io.PrintWriter;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs the caller benchmark ({@link Bench}): a main, not a timed test. The application is booted by
 * {@code QuarkusUnitTest}, so the benchmark is launched through the JUnit Platform. Run it with
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl deployment -Pbench test-compile exec:exec
 * </pre>
 *
 * System properties (the {@code bench} profile passes the Maven properties of the same names): {@code bench.calls}
 * (calls per run above c=1, default 10000), {@code bench.calls1} (calls per run at c=1, 10000), {@code bench.warmup}
 * (warm-up calls per path at c=32, 20000), {@code bench.rounds} (3), {@code bench.concurrency} ({@code 1,32}),
 * {@code bench.paths} ({@code raw,proxy}; one of
 * them alone to profile it), {@code bench.rawAgent} ({@code true}: the raw caller's identity
 * holds an agent socket too, so both paths get the server's mirrors).
 */
public final class ClientBench {

    private ClientBench() {
    }

    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Bench.class))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printFailuresTo(new PrintWriter(System.out, true), 30);
        boolean ok = summary.getTestsSucceededCount() == 1 && summary.getTotalFailureCount() == 0;
        System.out.println(ok ? "benchmark finished" : "benchmark FAILED");
        System.exit(ok ? 0 : 1);
    }
}
