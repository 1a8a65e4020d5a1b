package io.quarkiverse.rekuest.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A TCP proxy on a loopback port in front of a server's port, whose connections the test can cut: {@link #cut()}
 * closes every connection through it and closes new ones as soon as they come, as a network outage would, until
 * {@link #restore()}. It can also drop some WebSocket messages from the server ({@link #dropMessages}) while the
 * connections stay up.
 */
public final class CuttableProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean cut;
    private volatile Predicate<String> drop = message -> false;

    public CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("cuttable-proxy", this::accept).start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections went through so far (refused ones during a cut not counted). */
    public int connections() {
        return connections.get();
    }

    /** Closes every connection, and every new one until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    public void restore() {
        cut = false;
    }

    /** Drops the WebSocket text messages from the server that {@code which} accepts, until {@link #dropNothing()}. */
    public void dropMessages(Predicate<String> which) {
        drop = which;
    }

    public void dropNothing() {
        drop = message -> false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                connections.incrementAndGet();
                daemon("cuttable-proxy-up", () -> pump(client, server, null)).start();
                WebSocketDownstream downstream = new WebSocketDownstream(message -> drop.test(message));
                daemon("cuttable-proxy-down", () -> pump(server, client, downstream)).start();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies {@code from} to {@code to}, through {@code downstream} when given. */
    private void pump(Socket from, Socket to, WebSocketDownstream downstream) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (downstream == null) {
                    out.write(buffer, 0, n);
                } else {
                    out.write(downstream.next(buffer, n));
                }
                out.flush();
            }
        } catch (IOException e) {
            // closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
