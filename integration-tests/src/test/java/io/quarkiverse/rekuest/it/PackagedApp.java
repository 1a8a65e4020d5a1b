package io.quarkiverse.rekuest.it;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The demo as the package phase built it, for the ITs that start it themselves: the jar ({@code java -jar
 * target/quarkus-app/quarkus-run.jar}) or, in the {@code native} profile, the native executable. Quarkus writes which
 * one to {@code target/quarkus-artifact.properties}.
 */
final class PackagedApp {

    static final Path TARGET = Path.of("target");

    private PackagedApp() {
    }

    /** The command that starts the packaged application with the given {@code -Dkey=value} options. */
    static List<String> command(List<String> options) {
        Properties artifact = artifact();
        String type = artifact.getProperty("type", "");
        Path path = TARGET.resolve(artifact.getProperty("path", "")).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new AssertionError(path + " (" + type + ") is built by the package phase");
        }
        List<String> command = new ArrayList<>();
        switch (type) {
            case "jar" -> {
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(options);
                command.add("-jar");
                command.add(path.toString());
            }
            case "native" -> {
                command.add(path.toString());
                command.addAll(options);
            }
            default -> throw new AssertionError("target/quarkus-artifact.properties names a " + type
                    + " artifact; these tests start a jar or a native executable");
        }
        return command;
    }

    private static Properties artifact() {
        Path file = TARGET.resolve("quarkus-artifact.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new AssertionError(file.toAbsolutePath() + " is written by the package phase: " + e, e);
        }
        return properties;
    }
}
