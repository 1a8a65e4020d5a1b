package io.quarkiverse.rekuest.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The conformance run of the normal build: when {@code rekuest.standalone.jar} names the packaged dev server jar, the
 * jar is started in a process of its own (a port of its choosing) before any test, and the tests see it as a real
 * server given by URL and tokens: {@code quarkus.rekuest.url}, {@code quarkus.rekuest.token} and the second app's
 * token ({@code rekuest.token2}), the tokens being ones the dev server accepts, which the tests never look into. The
 * process is stopped at the end of the session. Does nothing without the property.
 */
public class StandaloneServerSession implements LauncherSessionListener {

    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)");
    private Process server;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String jar = System.getProperty("rekuest.standalone.jar");
        if (jar == null || jar.isBlank()) {
            return;
        }
        if (!Files.isReadable(Path.of(jar))) {
            throw new IllegalStateException("rekuest.standalone.jar: no packaged dev server at " + jar
                    + " (package dev-server first)");
        }
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            server = new ProcessBuilder(List.of(java, "-Drekuest.dev.port=0", "-Drekuest.dev.host=127.0.0.1", "-jar", jar))
                    .redirectErrorStream(true).start();
            CompletableFuture<String> url = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        Matcher m = URL.matcher(line);
                        if (!url.isDone() && m.find()) {
                            url.complete(m.group(1));
                        }
                    }
                } catch (Exception e) {
                    url.completeExceptionally(e);
                }
                url.completeExceptionally(new IllegalStateException("the dev server ended without printing its URL"));
            }, "standalone-dev-server-output");
            reader.setDaemon(true);
            reader.start();
            String base = url.get(60, TimeUnit.SECONDS);
            System.setProperty("quarkus.rekuest.url", base);
            System.setProperty("quarkus.rekuest.token", "dev:rekuest-demo");
            System.setProperty("quarkus.rekuest.devservices.enabled", "false");
            System.setProperty("rekuest.token2", "dev:other");
            System.out.println("conformance: the tests run against the standalone dev server at " + base);
        } catch (Exception e) {
            launcherSessionClosed(session);
            throw new IllegalStateException("Could not start the standalone dev server " + jar + ": " + e, e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (server != null) {
            server.destroy();
            try {
                server.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.destroyForcibly();
            server = null;
        }
    }
}
