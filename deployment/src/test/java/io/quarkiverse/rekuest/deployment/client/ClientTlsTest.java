package io.quarkiverse.rekuest.deployment.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.RekuestClient;
import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.runtime.client.RekuestCaller;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Calls through a {@code @RekuestClient} proxy to the embedded server serving only https and wss, with a self-signed
 * certificate made by the test (JDK keytool) and trusted through a named TLS configuration of the Quarkus TLS
 * registry: the caller's GraphQL requests (resolve, assign) and its {@code mytasks} subscription use the same
 * endpoints and TLS configuration as the agent.
 */
public class ClientTlsTest {

    static final String[] SERVER = start();

    /** {url, certificate PEM path}, made once (the class is loaded twice). */
    static synchronized String[] start() {
        String url = System.getProperty("rekuest.test.client-tls.url");
        if (url == null) {
            try {
                Path dir = Files.createTempDirectory("rekuest-client-tls");
                Path keyStore = dir.resolve("server.p12");
                Path pem = dir.resolve("server.crt");
                keytool("-genkeypair", "-alias", "rekuest", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keyStore.toString(),
                        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
                keytool("-exportcert", "-rfc", "-alias", "rekuest", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                        "-storepass", "changeit", "-file", pem.toString());
                DevServer server = DevServer.start(DevServerConfig.builder().port(0).tls(keyStore, "changeit").build());
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                url = server.httpUrl();
                System.setProperty("rekuest.test.client-tls.url", url);
                System.setProperty("rekuest.test.client-tls.pem", pem.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return new String[] { url, System.getProperty("rekuest.test.client-tls.pem") };
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(CalcApi.class, CalcNodes.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", SERVER[0])
            .overrideConfigKey("quarkus.rekuest.token", "dev:client-tls")
            .overrideConfigKey("quarkus.rekuest.tls-configuration-name", "rekuest")
            .overrideConfigKey("quarkus.tls.rekuest.trust-store.pem.certs", SERVER[1])
            .overrideConfigKey("quarkus.rekuest.agent.name", "client-tls")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    @RekuestClient
    CalcApi calc;

    @Inject
    RekuestConnection connection;

    @Inject
    RekuestCaller caller;

    @Test
    void callsGoOverHttpsAndWss() {
        assertTrue(SERVER[0].startsWith("https://"), SERVER[0]);
        assertTrue(connection.endpoints().graphqlUrl().startsWith("https://"), connection.endpoints()::toString);
        assertTrue(connection.endpoints().subscriptionsUrl().startsWith("wss://"), connection.endpoints()::toString);

        assertEquals(5, calc.add(2, 3));
        assertEquals("Hello, Ada", calc.greet("Ada").await().atMost(Duration.ofSeconds(10)));
        assertEquals(List.of(1, 2, 3), calc.countTo(3).collect().asList().await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void theSubscriptionReopensOverWss() {
        assertEquals(7, calc.add(3, 4));
        caller.dropSubscriptionForTesting();
        assertEquals(9, calc.add(4, 5));
    }
}
