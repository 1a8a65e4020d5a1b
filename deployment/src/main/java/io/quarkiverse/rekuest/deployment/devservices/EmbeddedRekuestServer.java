package io.quarkiverse.rekuest.deployment.devservices;

import java.time.Duration;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkus.deployment.builditem.Startable;

/**
 * The embedded rekuest server as a Dev Service: Quarkus starts it after the build, before the application, keeps it
 * across live reloads and test classes with the same configuration, and closes it at the end of dev or test mode. It
 * runs in the build JVM, on a Vert.x of its own; nothing of it is on the application's class path.
 */
final class EmbeddedRekuestServer implements Startable {

    private final int port;
    private final Duration reportCost;
    private final Duration closeBacklogTimeout;
    private volatile DevServer server;

    EmbeddedRekuestServer(int port, Duration reportCost, Duration closeBacklogTimeout) {
        this.port = port;
        this.reportCost = reportCost;
        this.closeBacklogTimeout = closeBacklogTimeout;
    }

    @Override
    public void start() {
        try {
            // the fault endpoints (/_dev/faults/*) serve the test kit's fault controls; a Dev Service never runs in prod
            server = DevServer.start(DevServerConfig.builder().host(DevServerProbe.HOST).port(port)
                    .reportCost(reportCost).closeBacklogTimeout(closeBacklogTimeout).faultEndpoints(true).build());
        } catch (RuntimeException e) {
            throw new IllegalStateException("Dev Services for rekuest could not start the embedded rekuest server on "
                    + DevServerProbe.HOST + ":" + port + ": " + e.getMessage() + ". Choose a free port with "
                    + RekuestDevServicesProcessor.PORT_KEY + " (0 picks a random one), point the application at a server "
                    + "with " + RekuestDevServicesProcessor.URL_KEY + ", or turn Dev Services off with "
                    + RekuestDevServicesProcessor.ENABLED_KEY + "=false", e);
        }
    }

    /** The server's base URL, which becomes {@code quarkus.rekuest.url}. */
    @Override
    public String getConnectionInfo() {
        DevServer s = server;
        return s == null ? null : s.httpUrl();
    }

    /** Not a container. */
    @Override
    public String getContainerId() {
        return null;
    }

    @Override
    public void close() {
        DevServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }
}
