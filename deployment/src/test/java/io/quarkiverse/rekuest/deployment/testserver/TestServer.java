package io.quarkiverse.rekuest.deployment.testserver;

import java.time.Duration;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;

/**
 * One embedded rekuest server per test class, for the agent and the client tests. A QuarkusUnitTest class is loaded
 * twice (by JUnit and by the application's class loader), so the server is started once and found again through a
 * system property.
 */
public final class TestServer {

    private TestServer() {
    }

    /** The base URL of the server named {@code name}, started on first use and closed when the JVM exits. */
    public static synchronized String url(String name) {
        String key = "rekuest.test.server." + name;
        String url = System.getProperty(key);
        if (url == null) {
            DevServer server = DevServer.start(DevServerConfig.builder().port(0)
                    .heartbeatInterval(Duration.ofMillis(300))
                    .heartbeatTimeout(Duration.ofSeconds(2))
                    .build());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            url = server.httpUrl();
            System.setProperty(key, url);
        }
        return url;
    }
}
