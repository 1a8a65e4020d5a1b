package io.quarkiverse.rekuest.devserver;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.quarkiverse.rekuest.devserver.agent.AgentSocket;
import io.quarkiverse.rekuest.devserver.agent.AgentSockets;
import io.quarkiverse.rekuest.devserver.auth.TokenVerifier;
import io.quarkiverse.rekuest.devserver.graphql.GraphQLEngine;
import io.quarkiverse.rekuest.devserver.graphql.GraphQLHttpHandler;
import io.quarkiverse.rekuest.devserver.graphql.SubscriptionSocket;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.webhook.WebhookIntake;
import io.quarkiverse.rekuest.devserver.webhook.WebhookLink;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The embedded rekuest server: an in-memory, protocol-faithful stand-in for rekuest-server-next v2.2.0 on plain
 * Vert.x. Endpoints: {@code POST /graphql}, websocket {@code /graphql} (subscriptions), websocket {@code /agi} (the
 * agent protocol), {@code POST /agi/http/<agent>} (the webhook agents' intake), {@code GET /schema}, {@code GET /ht}.
 *
 * <pre>
 * try (DevServer server = DevServer.start(DevServerConfig.builder().port(0).build())) {
 *     String graphql = server.graphqlUrl();
 * }
 * </pre>
 */
public final class DevServer implements AutoCloseable {

    private final DevServerConfig config;
    private final Vertx vertx;
    private final RekuestStore store;
    private final GraphQLEngine engine;
    private final TokenVerifier verifier;
    private final AgentSockets agentSockets = new AgentSockets();
    private final OpenConnections connections = new OpenConnections();
    private final java.util.concurrent.atomic.AtomicBoolean restarting = new java.util.concurrent.atomic.AtomicBoolean();
    /** Where restarts run: a context that belongs to no listener deployment. */
    private final Context control;
    private final ServerFaults faults;
    private volatile int port;
    private volatile String listenerDeployment;
    private long reaperTimer;

    private DevServer(DevServerConfig config) {
        this.config = config;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops).setWorkerPoolSize(1));
        this.store = new RekuestStore(new RekuestStore.Timings(config.staleAfter, config.grace),
                (delay, task) -> vertx.setTimer(Math.max(1, delay), id -> task.run()), vertx::cancelTimer);
        // webhook agents get their messages POSTed, signed, with a timeout and no retry (§2.11)
        io.vertx.core.http.HttpClient hookClient = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_1_1)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.webhookTimeout.toMillis())));
        store.webhookLinks(agent -> new WebhookLink(vertx, hookClient, store, agent, config.webhookTimeout.toMillis()));
        this.engine = new GraphQLEngine(store);
        this.verifier = new TokenVerifier(config.staticTokens, config.devAppTokens, config.jwtPublicKey, config.jwtIssuer,
                config.jwtAudience);
        this.faults = new ServerFaults(store, agentSockets, this);
        this.control = vertx.getOrCreateContext(); // called on no Vert.x thread: a context of its own
    }

    /** Starts a server and waits until it listens. */
    public static DevServer start(DevServerConfig config) {
        DevServer server = new DevServer(config);
        try {
            server.listen();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void listen() {
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        // one HTTP server per event loop, all on one port, Vert.x balancing connections between them. A random port
        // must be asked for as -1 (Vert.x: a random port shared by every instance); with 0 each instance would bind
        // a port of its own, and listening again on the first one's port fails (BindException)
        int listenPort = config.port == 0 ? -1 : config.port;
        CompletableFuture<String> deployed = deployListeners(listenPort, bound).toCompletionStage().toCompletableFuture();
        try {
            listenerDeployment = deployed.get(30, TimeUnit.SECONDS);
            port = bound.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The rekuest dev server could not listen on " + config.host + ":"
                    + config.port + ": " + e.getCause().getMessage()
                    + (config.port != 0 ? " (is another server on that port? choose another with port or 0)" : ""),
                    e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("The rekuest dev server did not start in time", e);
        }
        reaperTimer = vertx.setPeriodic(config.reaperInterval.toMillis(), id -> store.reapStaleAgents());
    }

    private Future<String> deployListeners(int listenPort, CompletableFuture<Integer> bound) {
        return vertx.deployVerticle(() -> new Listener(listenPort, bound),
                new DeploymentOptions().setInstances(config.eventLoops));
    }

    /**
     * The restart fault ({@link ServerFaults#restart}): drops every agent connection without disconnect handling,
     * stops listening (which closes every remaining connection), completes {@code stopped}, waits {@code down}, and
     * listens again on the same port. Never blocks.
     */
    CompletableFuture<Void> restart(java.time.Duration down, CompletableFuture<Void> stopped) {
        CompletableFuture<Void> listening = new CompletableFuture<>();
        if (!restarting.compareAndSet(false, true)) {
            IllegalStateException busy = new IllegalStateException("The dev server is already restarting");
            stopped.completeExceptionally(busy);
            listening.completeExceptionally(busy);
            return listening;
        }
        listening.whenComplete((v, e) -> restarting.set(false));
        // on a context of no deployment: called from a listener's handler, its timers would die with the undeploy
        control.runOnContext(v -> restartOnControl(down, stopped, listening));
        return listening;
    }

    private void restartOnControl(java.time.Duration down, CompletableFuture<Void> stopped,
            CompletableFuture<Void> listening) {
        agentSockets.all().forEach(AgentSocket::drop);
        store.restarted();
        connections.abortAll();
        String deployment = listenerDeployment;
        listenerDeployment = null;
        Future<Void> undeployed = deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
        undeployed.onComplete(ar -> {
            // a connection accepted while the drop was under way is dropped too
            agentSockets.all().forEach(AgentSocket::drop);
            connections.abortAll();
            if (ar.failed()) {
                stopped.completeExceptionally(ar.cause());
                listening.completeExceptionally(ar.cause());
                return;
            }
            stopped.complete(null);
            vertx.setTimer(Math.max(1, down.toMillis()), id -> deployListeners(port, new CompletableFuture<>())
                    .onSuccess(d -> {
                        listenerDeployment = d;
                        listening.complete(null);
                    })
                    .onFailure(listening::completeExceptionally));
        });
    }

    /** One HTTP server instance per event loop; Vert.x balances connections between instances on one port. */
    private final class Listener extends AbstractVerticle {
        private final int listenPort;
        private final CompletableFuture<Integer> bound;

        Listener(int listenPort, CompletableFuture<Integer> bound) {
            this.listenPort = listenPort;
            this.bound = bound;
        }

        @Override
        public void start(Promise<Void> started) {
            Router router = Router.router(vertx);
            GraphQLHttpHandler graphql = new GraphQLHttpHandler(engine, verifier);
            router.get("/schema").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(engine.sdl()));
            router.get("/ht").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"ok\"}"));
            router.post("/agi/http/:agent")
                    .handler(BodyHandler.create(false).setBodyLimit(config.maxFrameBytes))
                    .handler(new WebhookIntake(vertx, store, config.reportCost.toMillis()));
            if (config.faultEndpoints) {
                new FaultEndpoints(faults, verifier).mount(router);
            }
            HttpServerOptions options = new HttpServerOptions()
                    .setHost(config.host)
                    .setPort(listenPort)
                    .setMaxWebSocketFrameSize(config.maxFrameBytes)
                    .setMaxWebSocketMessageSize(config.maxFrameBytes)
                    .setWebSocketSubProtocols(List.of(SubscriptionSocket.TRANSPORT_WS, SubscriptionSocket.LEGACY_WS));
            if (config.tlsKeyStore != null) {
                String file = config.tlsKeyStore.toString();
                options.setSsl(true).setKeyCertOptions(file.toLowerCase().endsWith(".jks")
                        ? new JksOptions().setPath(file).setPassword(config.tlsKeyStorePassword)
                        : new PfxOptions().setPath(file).setPassword(config.tlsKeyStorePassword));
            } else if (config.tlsCertificate != null) {
                options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(config.tlsCertificate.toString()).setKeyPath(config.tlsKey.toString()));
            }
            HttpServer server = vertx.createHttpServer(options);
            server.connectionHandler(connections::track);
            server.webSocketHandler(this::onWebSocket).requestHandler(request -> {
                // POST /graphql (every assign) skips the router; the rest goes through it
                if (request.method() == io.vertx.core.http.HttpMethod.POST
                        && ("/graphql".equals(request.path()) || "/graphql/".equals(request.path()))) {
                    graphql.handle(request);
                } else {
                    router.handle(request);
                }
            }).listen().onComplete(ar -> {
                if (ar.succeeded()) {
                    bound.complete(ar.result().actualPort());
                    started.complete();
                } else {
                    bound.completeExceptionally(ar.cause());
                    started.fail(ar.cause());
                }
            });
        }

        private void onWebSocket(ServerWebSocket ws) {
            String path = ws.path();
            if ("/agi".equals(path) || "/agi/".equals(path)) {
                new AgentSocket(vertx, ws, store, verifier, new AgentSocket.Timings(config.heartbeatInterval.toMillis(),
                        config.heartbeatTimeout.toMillis(), config.reportCost.toMillis(),
                        config.closeBacklogTimeout.toMillis()), agentSockets).start();
            } else if ("/graphql".equals(path) || "/graphql/".equals(path)) {
                new SubscriptionSocket(vertx, ws, engine, verifier).start();
            } else {
                ws.reject(404);
            }
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://host:port}, or {@code https://} when the server serves TLS. */
    public String httpUrl() {
        return (config.tls() ? "https://" : "http://") + config.host + ":" + port;
    }

    public String graphqlUrl() {
        return httpUrl() + "/graphql";
    }

    public String subscriptionsUrl() {
        return (config.tls() ? "wss://" : "ws://") + config.host + ":" + port + "/graphql";
    }

    public String agiUrl() {
        return (config.tls() ? "wss://" : "ws://") + config.host + ":" + port + "/agi";
    }

    public DevServerConfig config() {
        return config;
    }

    /** Faults to inject: close or stall an agent's connection, steal its ASSIGNs, restart the server. */
    /** The server's in-memory store, for tests that look at what it kept (states, locks) directly. */
    public RekuestStore store() {
        return store;
    }

    public ServerFaults faults() {
        return faults;
    }

    /** Stops listening and releases every thread. */
    @Override
    public void close() {
        vertx.cancelTimer(reaperTimer);
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing is best effort
        }
    }
}
