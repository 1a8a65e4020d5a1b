package io.quarkiverse.rekuest.deployment.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Addresses where no rekuest server answers. {@link #refusing()} is a port nothing listens on; {@link #hangUp(String)}
 * accepts TCP connections and closes them at once, counting them, so a test sees the agent retry. Shared through the
 * system properties (JDK types only) because a QuarkusUnitTest class is loaded twice.
 */
final class DeadEndServer {

    private DeadEndServer() {
    }

    /** {@code http://127.0.0.1:<port>} of a port that was free a moment ago: connections are refused. */
    static String refusing() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>} of a server that hangs up on every connection; started on first use. */
    static synchronized String hangUp(String name) {
        String key = "rekuest.test.hang-up." + name;
        String url = System.getProperty(key);
        if (url != null) {
            return url;
        }
        AtomicInteger accepted = new AtomicInteger();
        ServerSocket server;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "hang-up-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
        url = "http://127.0.0.1:" + server.getLocalPort();
        System.getProperties().put(key + ".accepted", accepted);
        System.setProperty(key, url);
        return url;
    }

    /** How many connections the hang-up server {@code name} accepted. */
    static int accepted(String name) {
        return ((AtomicInteger) System.getProperties().get("rekuest.test.hang-up." + name + ".accepted")).get();
    }
}
