package io.quarkiverse.rekuest.it;

import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;

/**
 * The identities the tests use, without knowing anything of token formats. On the embedded server (Dev Services or a
 * test's own) every app gets a dev token {@code dev:<app>}; in the conformance profile ({@code REKUEST_URL} against
 * any server) a second app's token comes from the environment, and a test that needs one that is not given is
 * skipped with a message naming the variable.
 */
final class Identities {

    private Identities() {
    }

    /** True when the tests run against a server given by URL (the conformance profile), not the embedded one. */
    static boolean conformance() {
        return nonBlank(System.getenv("REKUEST_URL")).isPresent()
                || nonBlank(System.getProperty("quarkus.rekuest.url")).isPresent();
    }

    /**
     * The token of the app {@code app} (its client app identifier, as {@code @RemoteAction(app = ...)} names it): on the
     * embedded server {@code dev:<app>}; in the conformance profile the variable {@code REKUEST_TOKEN_<APP>} (for
     * {@code other} also {@code REKUEST_TOKEN2}; or the system properties {@code rekuest.token.<app>}, {@code rekuest.token2}),
     * or the test is skipped.
     */
    static String app(String app) {
        if (!conformance()) {
            return "dev:" + app;
        }
        String variable = "REKUEST_TOKEN_" + app.toUpperCase(Locale.ROOT).replace('-', '_');
        Optional<String> token = nonBlank(System.getenv(variable))
                .or(() -> nonBlank(System.getProperty("rekuest.token." + app)));
        if (token.isEmpty() && app.equals("other")) {
            token = nonBlank(System.getenv("REKUEST_TOKEN2")).or(() -> nonBlank(System.getProperty("rekuest.token2")));
        }
        Assumptions.assumeTrue(token.isPresent(), () -> "needs a second app on the server: set " + variable
                + ("other".equals(app) ? " or REKUEST_TOKEN2" : "") + " to a token of an app whose client app identifier is '"
                + app + "'");
        return token.get();
    }

    /**
     * The identity the tests read the server with (tasks, agents): {@code dev:tester} on the embedded server; in the
     * conformance profile the application's own token ({@code REKUEST_TOKEN}), or the test is skipped.
     */
    static String observer() {
        if (!conformance()) {
            return "dev:tester";
        }
        Optional<String> token = nonBlank(System.getenv("REKUEST_TOKEN"))
                .or(() -> ConfigProvider.getConfig().getOptionalValue("quarkus.rekuest.token", String.class));
        Assumptions.assumeTrue(token.isPresent(),
                "needs a token to read the server's tasks with: set REKUEST_TOKEN (client credentials alone are not enough)");
        return token.get();
    }

    /** Skips the test in the conformance profile: it needs a fault or a setting only the embedded server offers. */
    static void embeddedServerOnly(String why) {
        Assumptions.assumeFalse(conformance(), () -> "skipped against a real server: " + why);
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
