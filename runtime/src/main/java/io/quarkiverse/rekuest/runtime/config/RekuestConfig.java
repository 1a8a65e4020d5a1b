package io.quarkiverse.rekuest.runtime.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Connection to the rekuest server and behaviour of the agent. */
@ConfigMapping(prefix = "quarkus.rekuest")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface RekuestConfig {

    /**
     * Base URL of the rekuest server, e.g. {@code https://arkitekt.example.org/rekuest}: scheme, host, port and an
     * optional path prefix (kept as it is). GraphQL is served at {@code <url>/graphql}, subscriptions at
     * {@code ws(s)://.../graphql} and the agent socket at {@code ws(s)://.../agi} ({@code http} becomes {@code ws},
     * {@code https} becomes {@code wss}). Each can be overridden below. In dev and test mode, Dev Services sets it to
     * the embedded server when it is not set. Not needed with {@code quarkus.rekuest.fakts.url}, which discovers it.
     */
    Optional<String> url();

    /** GraphQL HTTP endpoint; {@code <url>/graphql} when not set. */
    Optional<String> graphqlUrl();

    /** GraphQL subscriptions websocket endpoint; {@code ws(s)://<url without scheme>/graphql} when not set. */
    Optional<String> subscriptionsUrl();

    /** Agent websocket endpoint; {@code ws(s)://<url without scheme>/agi} when not set. */
    Optional<String> agiUrl();

    /**
     * The name of a TLS configuration of the Quarkus TLS registry ({@code quarkus.tls.<name>.*}: trust store, key
     * store for mutual TLS, hostname verification) used for {@code https} and {@code wss}: by the GraphQL client, the
     * subscription and agent websockets and the fakts and token endpoints. When not set, the default TLS configuration
     * ({@code quarkus.tls.*}) applies if there is one, else the JVM's trust store.
     */
    Optional<String> tlsConfigurationName();

    /**
     * A static access token, sent as the GraphQL bearer token, in the subscription {@code connection_init} payload
     * and in the agent's {@code REGISTER} frame. It is never logged. In dev and test mode, Dev Services sets a dev
     * token of the application's own identity when no token is configured. Used when {@code quarkus.rekuest.auth.source}
     * is {@code static}, or {@code auto} without client credentials and fakts.
     */
    Optional<String> token();

    /** Where the access token comes from: a static token, OAuth2 client credentials, or fakts. */
    Auth auth();

    /** Fakts discovery, the Arkitekt way of configuring an application: off unless {@code quarkus.rekuest.fakts.url} is set. */
    Fakts fakts();

    /** The agent: serving this application's {@code @Node} methods. */
    Agent agent();

    /** Calling actions: {@code @RekuestClient} proxies and the {@code Rekuest} bean. */
    Client client();

    interface Agent {

        /** Whether the application registers its {@code @Node} methods and serves assignments. */
        @WithDefault("true")
        boolean enabled();

        /** The agent's display name; the application name by default. */
        Optional<String> name();

        /**
         * Take over the agent identity when another live connection holds it (REGISTER {@code force}). One
         * identity per replica: replicas sharing an identity displace each other.
         */
        @WithDefault("false")
        boolean force();

        /** Fail the application start when the agent cannot register; otherwise keep retrying in the background. */
        @WithDefault("true")
        boolean failOnStartupError();

        /** How many times start-up registration is retried before it counts as failed. */
        @WithDefault("3")
        int startupRetries();

        /** Send a STARTED report when a task starts (the server already records tasks as started). */
        @WithDefault("false")
        boolean sendStarted();

        /** No HEARTBEAT from the server for this long means the connection is dead: reconnect. */
        @WithDefault("25s")
        Duration heartbeatTimeout();

        /** How long in-flight tasks may run on at shutdown before they are cancelled and reported. */
        @WithDefault("10s")
        Duration shutdownGrace();

        /** What to do when the server refuses REGISTER because another live connection holds the identity (4004). */
        @WithDefault("wait")
        OnConflict onConflict();

        /** Reconnection after a lost connection. */
        Reconnect reconnect();

        /** How much the agent sends before the server has processed it (see the delivery guarantees docs). */
        FlowControl flowControl();

        /** Publishing the application's {@code @State} records (see the state docs). */
        States states();

        /** Start-up, background and shutdown work around the agent (see the lifecycle docs). */
        Lifecycle lifecycle();

        /** The webhook transport ({@code quarkus.rekuest.agent.transport=webhook}). */
        Webhook webhook();
    }

    interface States {

        /**
         * After this many {@code STATE_PATCH} frames the agent sends a full {@code STATE_SNAPSHOT} (it also sends one
         * after every (re)connection): a watcher that missed patches is exact again from there.
         */
        @WithDefault("60")
        int snapshotEvery();

        /**
         * How often changes are looked at while the server is behind. Changes made in between are coalesced into one
         * patch per changed value; the server's pace decides how many patches go out (the flow control).
         */
        @WithDefault("20ms")
        Duration flushInterval();
    }

    interface Lifecycle {

        /** How long the {@code AgentStarting} observers may take before the agent start fails. */
        @WithDefault("20s")
        Duration startupTimeout();

        /** How long {@code AgentBackground} beans get to return after they were interrupted (disconnect, shutdown). */
        @WithDefault("5s")
        Duration backgroundStopTimeout();

        /** How long the {@code AgentStopping} observers may take at shutdown before the agent closes anyway. */
        @WithDefault("20s")
        Duration shutdownTimeout();
    }

    /** The webhook transport: the server POSTs to this application, which reports by POSTing back; both signed. */
    interface Webhook {

        /**
         * The public URL the rekuest server POSTs this agent's messages to: the address of this application's intake
         * as the server sees it, e.g. {@code https://lab.example.org/my-app/rekuest/webhook} behind a load balancer.
         * Required in production; in dev and test mode it defaults to the application's own local address
         * ({@code http://localhost:<port><root-path>/rekuest/webhook}).
         */
        Optional<String> url();

        /**
         * The shared secret that signs every message in both directions ({@code X-Rekuest-Signature}, HMAC-SHA256 of
         * the body); sent to the server as the agent's {@code hookUrlSecret}. Required, at least 16 characters; the
         * same on every replica. Never logged.
         */
        Optional<String> secret();

        /**
         * How long a report POSTed to the server may take. A report that fails or times out is sent again (after the
         * reconnect backoff, once the agent has read what the server stored) until the server's answer acknowledges it.
         */
        @WithDefault("10s")
        Duration timeout();
    }

    interface FlowControl {

        /**
         * How far behind the server's consumer of the agent socket may be estimated before new reports wait. The real
         * server closes the socket (3001) when a heartbeat answer waits behind more than 5 s of work; half that leaves
         * room for the mirrors of tasks this app started, which the agent cannot hold back.
         */
        @WithDefault("2s")
        Duration maxServerLag();

        /**
         * The server's cost per report assumed before any was measured (a real v2.2.0 spends 20-60 ms per report);
         * corrected from every acknowledgement and heartbeat.
         */
        @WithDefault("20ms")
        Duration initialReportCost();

        /**
         * How many reports the agent keeps until the server has processed them. Beyond it, generators are not asked for
         * more items and blocking nodes wait in {@code progress}, {@code log} and their yields.
         */
        @WithDefault("10000")
        int maxRetainedReports();

        /**
         * The server's heartbeat interval at most (10 s on v2.2.0): the agent measures the real one, never longer. A
         * heartbeat confirms what was sent before the previous answer; the interval tells when that answer was processed.
         */
        @WithDefault("10s")
        Duration serverHeartbeatInterval();
    }

    /** Reaction to a refused REGISTER (4004). */
    enum OnConflict {
        /** Try again every {@code reconnect.conflict-interval} until the other connection is gone. */
        WAIT,
        /** Register again with {@code force}, once; a later 4005 is never answered with force. */
        FORCE
    }

    interface Reconnect {

        /** First delay before reconnecting. */
        @WithDefault("500ms")
        Duration initialDelay();

        /** Largest delay between two attempts. */
        @WithDefault("30s")
        Duration maxDelay();

        /** Factor by which the delay grows after each failed attempt. */
        @WithDefault("2.0")
        double factor();

        /** Random spread of each delay, as a fraction of it (0.2 = ±20%). */
        @WithDefault("0.2")
        double jitter();

        /** Give up after this many attempts; unlimited when not set. */
        OptionalInt maxAttempts();

        /**
         * Interval between REGISTERs while the server still counts the agent's previous connection as live (4004): after
         * the server closed it (3001, a restart) it stays so until its last heartbeat is 30 s old. A fixed short interval
         * reconnects as soon as the server allows it; the agent never takes over with {@code force}, since the old
         * connection's backlog may still be processed and only waiting makes re-sending exact.
         */
        @WithDefault("1s")
        Duration conflictInterval();
    }

    /** The source of the access token. */
    enum TokenSource {
        /**
         * Fakts when {@code quarkus.rekuest.fakts.url} is set, else client credentials when
         * {@code quarkus.rekuest.auth.client-id} or {@code quarkus.rekuest.auth.oidc-client} is set, else the static
         * {@code quarkus.rekuest.token}.
         */
        AUTO,
        /** {@code quarkus.rekuest.token}. */
        STATIC,
        /** OAuth2 client credentials through {@code quarkus-oidc-client}. */
        CLIENT_CREDENTIALS,
        /** Fakts discovery: well-known, redeem, claim; then client credentials with the claimed client. */
        FAKTS
    }

    /** How the client authenticates at the token endpoint. */
    enum SecretMethod {
        /** HTTP Basic authentication with the client id and secret. */
        BASIC,
        /** {@code client_id} and {@code client_secret} in the form body. */
        POST
    }

    interface Auth {

        /** Which token source is used; {@code auto} chooses by what is configured. */
        @WithDefault("auto")
        TokenSource source();

        /**
         * OAuth2 token endpoint for client credentials, e.g. {@code https://arkitekt.example.org/lok/o/token/}. Used
         * with {@code client-id} and {@code client-secret}.
         */
        Optional<String> tokenUrl();

        /** OAuth2 client id for the client-credentials grant. */
        Optional<String> clientId();

        /** OAuth2 client secret for the client-credentials grant. Never logged. */
        Optional<String> clientSecret();

        /** How the client id and secret are sent to the token endpoint. */
        @WithDefault("basic")
        SecretMethod clientSecretMethod();

        /** Scopes requested with the client-credentials grant (space separated in the request). */
        Optional<List<String>> scopes();

        /**
         * Instead of {@code token-url}, {@code client-id} and {@code client-secret}: the name of an OIDC client
         * configured with {@code quarkus.oidc-client.<name>.*} ({@code Default} for the unnamed one), whose tokens
         * are used.
         */
        Optional<String> oidcClient();

        /** A token is renewed this long before it expires (and at once when the server rejects it). */
        @WithDefault("30s")
        Duration refreshBeforeExpiry();

        /** Timeout of one request to the token or fakts endpoint. */
        @WithDefault("10s")
        Duration requestTimeout();
    }

    interface Fakts {

        /**
         * The fakts server, e.g. {@code https://arkitekt.example.org}: its {@code /.well-known/fakts} document names
         * the fakts endpoint. Setting it turns fakts discovery on (with {@code quarkus.rekuest.auth.source=auto}).
         */
        Optional<String> url();

        /**
         * The redeem token, issued by the fakts server for headless clients; exchanged, with the manifest, for a
         * claim token ({@code POST <base>redeem/}). Never logged.
         */
        Optional<String> redeemToken();

        /**
         * A claim token obtained before (device-code flow, or an earlier redeem); used as it is instead of redeeming.
         * Never logged.
         */
        Optional<String> claimToken();

        /** The manifest identifier of this application; {@code quarkus.application.name} by default. */
        Optional<String> identifier();

        /** The manifest version of this application; {@code quarkus.application.version} by default. */
        Optional<String> version();

        /** Scopes the manifest asks for. */
        @WithDefault("openid")
        List<String> scopes();

        /** The requirement key under which the claimed configuration lists the rekuest instance. */
        @WithDefault("rekuest")
        String requirementKey();

        /** The service the rekuest requirement asks for. */
        @WithDefault("live.arkitekt.rekuest")
        String service();
    }

    /** Calling actions: {@code @RekuestClient} proxies and the {@code Rekuest} bean. */
    interface Client {

        /**
         * How long a call may take before it fails with {@code RemoteDeadlineException} and its task is cancelled on the
         * server; {@code @RemoteAction(deadline = ...)} overrides it per method. No deadline when not set.
         */
        Optional<Duration> deadline();

        /** How long a cancelled call waits for the server to confirm {@code CANCELLED} before escalating. */
        @WithDefault("5s")
        Duration cancelTimeout();

        /** Whether a cancel that is not confirmed within {@code cancel-timeout} is escalated to an interrupt. */
        @WithDefault("true")
        boolean escalateToInterrupt();

        /**
         * How long a call waits after the server marked its task {@code DISCONNECTED} (its agent is gone, fate unknown)
         * for the task to move on, before failing with {@code RemoteDisconnectedException}.
         */
        @WithDefault("30s")
        Duration disconnectedWait();

        /**
         * How many times a call whose task ends {@code FAILED} is assigned again, for idempotent (or pure) actions
         * only; {@code @RemoteAction(retries = ...)} overrides it per method.
         */
        @WithDefault("0")
        int retries();

        /**
         * Which live implementation of an action a call goes to: {@code first-available} (the server's rule: every call
         * of an action goes to the first available implementation), or {@code round-robin} / {@code least-busy} (this
         * application spreads its calls over the action's live implementations, the replicas, assigning by
         * implementation id, and assigns an idempotent call whose replica is lost again elsewhere).
         * {@code @RemoteAction(spread = ...)} overrides it per interface or method. See the replicas guide.
         */
        @WithDefault("first-available")
        io.quarkiverse.rekuest.Spread spread();

        /**
         * How old the list of an action's live implementations may be when a spread call picks from it; also how often
         * the implementations of spread calls in flight are checked for a lost replica.
         */
        @WithDefault("1s")
        Duration spreadRefresh();

        /**
         * How long a nested call (made inside a running {@code @Node}) waits for the agent socket's ASSIGN_RESPONSE,
         * counted from when its request was written to a live connection: while the agent reconnects the request waits
         * (and is sent again), up to ten times this in all. Also how long an assign to an action this application serves
         * itself is tried again while the server does not count its agent as live.
         */
        @WithDefault("10s")
        Duration assignTimeout();

        /**
         * How many HTTP connections the caller keeps open to the GraphQL endpoint for its requests ({@code assign},
         * controls, resolution). Requests beyond that many in flight wait for a free connection, so this bounds both
         * the load one application puts on the server and its own concurrency (Vert.x's default of 5 would halve the
         * throughput of 32 concurrent calls).
         */
        @WithDefault("32")
        int maxConnections();
    }
}
