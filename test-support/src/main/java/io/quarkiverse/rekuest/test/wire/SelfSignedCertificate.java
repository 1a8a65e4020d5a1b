package io.quarkiverse.rekuest.test.wire;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's keytool: a PKCS12 key
 * store for the server and the certificate in PEM for clients to trust.
 */
public record SelfSignedCertificate(Path keyStore, String password, Path certificatePem) {

    public static SelfSignedCertificate create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keyStore = dir.resolve("server.p12");
            Path pem = dir.resolve("server.crt");
            Files.deleteIfExists(keyStore);
            Files.deleteIfExists(pem);
            String password = "changeit";
            keytool("-genkeypair", "-alias", "rekuest", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keyStore.toString(),
                    "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-rfc", "-alias", "rekuest", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                    "-storepass", password, "-file", pem.toString());
            return new SelfSignedCertificate(keyStore, password, pem);
        } catch (Exception e) {
            throw new IllegalStateException("Could not make a self-signed certificate with keytool", e);
        }
    }

    /** An SSL context trusting only this certificate. */
    public SSLContext trustingContext() {
        try (InputStream in = new FileInputStream(keyStore.toFile())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("rekuest", store.getCertificate("rekuest"));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
