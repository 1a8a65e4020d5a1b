package io.quarkiverse.rekuest.devserver.graphql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * The reference material beside the project ({@code ../shared/reference/...}), read at test time only: the project
 * never copies it and never builds from it. A test that needs a file it cannot find is skipped with a message that
 * names the file, where it looked, and how to point at it.
 */
final class SharedReference {

    static final String SDL = "reference/rekuest-server-next-v2.2.0.graphql";
    static final String CLIENT_OPERATIONS = "reference/rekuest-next-2.1.2-operations.json";

    private SharedReference() {
    }

    /** The file's text, or the calling test is skipped. */
    static String readOrSkip(String relative) {
        Path file = find(relative);
        Assumptions.assumeTrue(file != null, () -> "Skipped: " + relative + " was not found (looked in " + candidates()
                + "); set -Drekuest.shared.dir to the shared docs folder to run this test");
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    static Path find(String relative) {
        for (Path dir : candidates()) {
            Path file = dir.resolve(relative);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    private static List<Path> candidates() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("rekuest.shared.dir");
        if (configured != null && !configured.isBlank() && !configured.contains("${")) {
            candidates.add(Path.of(configured));
        }
        // surefire runs in the module directory: <root>/dev-server → <root>/../shared
        candidates.add(Path.of("").toAbsolutePath().resolve("../../shared").normalize());
        return candidates;
    }
}
