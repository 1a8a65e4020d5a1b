package io.quarkiverse.rekuest.deployment.validation;

import java.util.ArrayList;
import java.util.List;

/** Reads the problems out of a failed build: ArC reports several as suppressed exceptions of one. */
public final class BuildProblems {

    private BuildProblems() {
    }

    /** The messages of every reported problem, in report order. */
    public static List<String> messages(Throwable failure) {
        Throwable report = failure;
        while (report.getSuppressed().length == 0 && report.getCause() != null
                && !report.getClass().getName().equals("jakarta.enterprise.inject.spi.DeploymentException")) {
            report = report.getCause();
        }
        List<String> messages = new ArrayList<>();
        if (report.getSuppressed().length == 0) {
            messages.add(report.getMessage());
        }
        for (Throwable problem : report.getSuppressed()) {
            messages.add(problem.getMessage());
        }
        return messages;
    }
}
