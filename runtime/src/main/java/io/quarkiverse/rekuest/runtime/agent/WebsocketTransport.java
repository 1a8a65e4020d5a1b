package io.quarkiverse.rekuest.runtime.agent;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The {@code /agi} websocket as an {@link AgentTransport}: everything is {@link AgentConnection}'s. */
final class WebsocketTransport implements AgentTransport {

    private final AgentConnection connection;

    WebsocketTransport(AgentConnection connection) {
        this.connection = connection;
    }

    @Override
    public void connect() {
        connection.connect();
    }

    @Override
    public CompletableFuture<Void> firstInit() {
        return connection.firstInit();
    }

    @Override
    public boolean isLive() {
        return connection.isLive();
    }

    @Override
    public String agentId() {
        return connection.agentId();
    }

    @Override
    public void registeredAs(String id) {
        connection.registeredAs(id);
    }

    @Override
    public Map<Integer, Integer> closes() {
        return connection.closes();
    }

    @Override
    public int startupFailures() {
        return connection.startupFailures();
    }

    @Override
    public void close() {
        connection.close();
    }
}
