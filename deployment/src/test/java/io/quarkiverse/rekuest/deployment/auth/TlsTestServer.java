package io.quarkiverse.rekuest.deployment.auth;

import java.nio.file.Files;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.test.wire.SelfSignedCertificate;

/**
 * An embedded rekuest server serving only https and wss, with a {@link SelfSignedCertificate} for localhost. Started once per
 * name and JVM (QuarkusUnitTest loads a test class twice, hence system properties),
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
                SelfSignedCertificate certificate = SelfSignedCertificate
                        .create(Files.createTempDirectory("rekuest-" + name));
                DevServer server = DevServer
                        .start(DevServerConfig.builder().port(0).tls(certificate.keyStore(), certificate.password()).build());
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                url = server.httpUrl();
                System.setProperty(urlKey, url);
                System.setProperty(pemKey, certificate.certificatePem().toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return new String[] { url, System.getProperty(pemKey) };
    }
}
