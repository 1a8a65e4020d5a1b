package io.quarkiverse.rekuest.devserver;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/** Every open HTTP connection of the server (websockets included), so that a simulated crash can cut them all. */
final class OpenConnections {

    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();

    void track(HttpConnection connection) {
        open.add(connection);
        connection.closeHandler(v -> open.remove(connection));
    }

    /**
     * Cuts every connection at the TCP level, without a websocket close frame, as a crashed process does: clients see
     * an abnormal closure (1006), not a clean close. Closing the HTTP server instead would send close frames.
     */
    void abortAll() {
        for (HttpConnection connection : open) {
            if (connection instanceof ConnectionBase base) {
                // Vert.x internal API. Vert.x answers a plain channel close with a websocket close frame (1000), so
                // the close starts at the head of the pipeline, below Vert.x's handler
                Channel channel = base.channel();
                ChannelHandlerContext first = channel.pipeline().firstContext();
                if (first != null) {
                    first.close();
                } else {
                    channel.close();
                }
            } else {
                connection.close();
            }
        }
    }
}
