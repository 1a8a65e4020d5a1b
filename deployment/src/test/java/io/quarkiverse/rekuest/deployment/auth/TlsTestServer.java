package io.quarkiverse.rekuest.deployment.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;

/**
 * An embedded rekuest server serving only https and wss, with a self-signed certificate for localhost made by the
 * JDK's keytool. Started once per name and JVM (QuarkusUnitTest loads a test class twice, hence system properties),
 * closed at JVM exit.
 */
public final class TlsTestServer {

    private TlsTestServer() {
    }

    /** {server URL, certificate PEM path} of the server named {@code name}. */
    public static synchronized String[] start(String name) {
        String urlKey = "rekuest.test." + name + ".url";
        String pemKey = "rekuest.test." + name + ".pem";
        String url = System.getProperty(urlKey);
        if (url == null) {
            try {
                Path dir = Files.createTempDirectory("rekuest-" + name);
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
                System.setProperty(urlKey, url);
                System.setProperty(pemKey, pem.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return new String[] { url, System.getProperty(pemKey) };
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
}
