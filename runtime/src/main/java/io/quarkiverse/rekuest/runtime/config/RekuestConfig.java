package io.quarkiverse.rekuest.runtime.config;

import java.time.Duration;
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
     * Base URL of the rekuest server, e.g. {@code https://arkitekt.example.org/rekuest}. GraphQL is served at
     * {@code <url>/graphql}, subscriptions at {@code ws(s)://.../graphql} and the agent socket at
     * {@code ws(s)://.../agi}. In dev and test mode, Dev Services sets it to the embedded server when it is not set.
     */
    Optional<String> url();

    /** GraphQL HTTP endpoint; derived from {@code url} when not set. */
    Optional<String> graphqlUrl();

    /** GraphQL subscriptions websocket endpoint; derived from {@code url} when not set. */
    Optional<String> subscriptionsUrl();

    /** Agent websocket endpoint; derived from {@code url} when not set. */
    Optional<String> agiUrl();

    /**
     * A static access token, sent as the GraphQL bearer token, in the subscription {@code connection_init} payload
     * and in the agent's {@code REGISTER} frame. It is never logged. In dev and test mode, Dev Services sets a dev
     * token of the application's own identity when no token is configured.
     */
    Optional<String> token();

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
    }

    /** Reaction to a refused REGISTER (4004). */
    enum OnConflict {
        /** Wait (with the reconnect backoff) until the other connection is gone. */
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

        /** How long a nested call (made inside a running {@code @Node}) waits for the agent socket's ASSIGN_RESPONSE. */
        @WithDefault("10s")
        Duration assignTimeout();
    }
}
