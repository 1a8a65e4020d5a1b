package io.quarkiverse.rekuest.deployment.platform.bench;

import java.io.PrintWriter;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs the state benchmark ({@link StateBench}): a main, not a timed test. Run it with
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl deployment -Pbench test-compile exec:exec \
 *     -Dbench.main=io.quarkiverse.rekuest.deployment.platform.bench.StateBenchMain
 * </pre>
 *
 * System properties (through {@code -Dbench.jvmArgs="... -Dbench.state.rate=..."}): {@code bench.state.rate} (changes
 * per second, 10000), {@code bench.state.seconds} (per phase, 20), {@code bench.state.cost} (the server's ms per
 * frame, 20).
 */
public final class StateBenchMain {

    private StateBenchMain() {
    }

    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(StateBench.class))
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
