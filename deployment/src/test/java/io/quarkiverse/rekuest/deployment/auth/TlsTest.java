package io.quarkiverse.rekuest.deployment.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;

/**
 * The embedded server serving https and wss with a self-signed certificate made by the test (JDK keytool); the
 * application trusts it through a named TLS configuration of the Quarkus TLS registry, used by the GraphQL client
 * (ensureAgent, a query) and the agent's websocket.
 */
public class TlsTest {

    static final String[] SERVER = start();

    /** {url, certificate PEM path}, made once (the class is loaded twice). */
    static synchronized String[] start() {
        String url = System.getProperty("rekuest.test.tls.url");
        if (url == null) {
            try {
                Path dir = Files.createTempDirectory("rekuest-tls");
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
                System.setProperty("rekuest.test.tls.url", url);
                System.setProperty("rekuest.test.tls.pem", pem.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return new String[] { url, System.getProperty("rekuest.test.tls.pem") };
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
            .withApplicationRoot(root -> root.addClasses(AuthNodes.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keycloak.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", SERVER[0])
            .overrideConfigKey("quarkus.rekuest.token", "dev:tls")
            .overrideConfigKey("quarkus.rekuest.tls-configuration-name", "rekuest")
            .overrideConfigKey("quarkus.tls.rekuest.trust-store.pem.certs", SERVER[1])
            .overrideConfigKey("quarkus.rekuest.agent.name", "auth-tls")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @Inject
    RekuestConnection connection;

    @Test
    void theAgentRegistersAndConnectsOverHttpsAndWss() throws Exception {
        assertTrue(SERVER[0].startsWith("https://"), SERVER[0]);
        assertTrue(connection.endpoints().agiUrl().startsWith("wss://"), connection.endpoints().agiUrl());
        assertTrue(agent.isConnected(), "ensureAgent over https and REGISTER over wss");
        try (DynamicGraphQLClient graphql = connection.graphqlClient()) {
            Response response = graphql.executeSync("query($id: ID){ agent(id: $id){ name } }", Map.of("id", agent.agentId()));
            assertFalse(response.hasError(), response::toString);
            assertEquals("auth-tls", response.getData().getJsonObject("agent").getString("name"));
        }
    }
}
