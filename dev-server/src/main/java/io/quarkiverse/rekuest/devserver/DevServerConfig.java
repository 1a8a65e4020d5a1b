package io.quarkiverse.rekuest.devserver;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.quarkiverse.rekuest.devserver.auth.Identity;

/**
 * Everything the embedded server can be told. Defaults are those of rekuest-server-next v2.2.0 (heartbeat every
 * 10 s answered within 5 s, an agent stale after 30 s, a 30 s disconnect grace) so that behaviour matches the real
 * server; tests shorten them.
 */
public final class DevServerConfig {

    /** The token that works out of the box. */
    public static final String DEV_TOKEN = "dev-token";
    /** The identity behind {@link #DEV_TOKEN}. */
    public static final Identity DEV_IDENTITY = new Identity("dev-client", "dev-app", "0.0.1", "dev", "dev", "dev-org",
            java.util.List.of("openid"));

    final String host;
    final int port;
    final Duration heartbeatInterval;
    final Duration heartbeatTimeout;
    final Duration staleAfter;
    final Duration grace;
    final Duration reaperInterval;
    final Duration reportCost;
    final Duration closeBacklogTimeout;
    final Duration webhookTimeout;
    final boolean faultEndpoints;
    final int maxFrameBytes;
    final int eventLoops;
    final Map<String, Identity> staticTokens;
    final boolean devAppTokens;
    final PublicKey jwtPublicKey;
    final String jwtIssuer;
    final String jwtAudience;
    final Path tlsKeyStore;
    final String tlsKeyStorePassword;
    final Path tlsCertificate;
    final Path tlsKey;

    private DevServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.staleAfter = b.staleAfter;
        this.grace = b.grace;
        this.reaperInterval = b.reaperInterval;
        this.reportCost = b.reportCost;
        this.closeBacklogTimeout = b.closeBacklogTimeout;
        this.webhookTimeout = b.webhookTimeout;
        this.faultEndpoints = b.faultEndpoints;
        this.maxFrameBytes = b.maxFrameBytes;
        this.eventLoops = b.eventLoops;
        this.staticTokens = Map.copyOf(b.staticTokens);
        this.devAppTokens = b.devAppTokens;
        this.jwtPublicKey = b.jwtPublicKey;
        this.jwtIssuer = b.jwtIssuer;
        this.jwtAudience = b.jwtAudience;
        this.tlsKeyStore = b.tlsKeyStore;
        this.tlsKeyStorePassword = b.tlsKeyStorePassword;
        this.tlsCertificate = b.tlsCertificate;
        this.tlsKey = b.tlsKey;
    }

    /** Whether the server serves https and wss. */
    public boolean tls() {
        return tlsKeyStore != null || tlsCertificate != null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static DevServerConfig defaults() {
        return builder().build();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    public Duration grace() {
        return grace;
    }

    public Duration reaperInterval() {
        return reaperInterval;
    }

    public Duration reportCost() {
        return reportCost;
    }

    public Duration closeBacklogTimeout() {
        return closeBacklogTimeout;
    }

    public Duration webhookTimeout() {
        return webhookTimeout;
    }

    public boolean faultEndpoints() {
        return faultEndpoints;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public Map<String, Identity> staticTokens() {
        return staticTokens;
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8000;
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private Duration heartbeatTimeout = Duration.ofSeconds(5);
        private Duration staleAfter = Duration.ofSeconds(30);
        private Duration grace = Duration.ofSeconds(30);
        private Duration reaperInterval = Duration.ofSeconds(30);
        private Duration reportCost = Duration.ZERO;
        private Duration closeBacklogTimeout = Duration.ofSeconds(10);
        private Duration webhookTimeout = Duration.ofSeconds(10);
        private boolean faultEndpoints;
        private int maxFrameBytes = 1024 * 1024;
        private int eventLoops = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        private final Map<String, Identity> staticTokens = new LinkedHashMap<>(Map.of(DEV_TOKEN, DEV_IDENTITY));
        private boolean devAppTokens = true;
        private PublicKey jwtPublicKey;
        private String jwtIssuer;
        private String jwtAudience;
        private Path tlsKeyStore;
        private String tlsKeyStorePassword;
        private Path tlsCertificate;
        private Path tlsKey;

        /** The interface to listen on; 127.0.0.1 by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The port; 0 picks a free one. 8000 (the real server's dev port) by default. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** How long the server waits between two HEARTBEAT frames (10 s). */
        public Builder heartbeatInterval(Duration d) {
            this.heartbeatInterval = positive(d, "heartbeatInterval");
            return this;
        }

        /** How long an agent has to answer a HEARTBEAT before the socket is closed with 3001 (5 s). */
        public Builder heartbeatTimeout(Duration d) {
            this.heartbeatTimeout = positive(d, "heartbeatTimeout");
            return this;
        }

        /** An agent whose last heartbeat answer is older than this is not live (30 s). */
        public Builder staleAfter(Duration d) {
            this.staleAfter = positive(d, "staleAfter");
            return this;
        }

        /** How long in-flight work waits for a disconnected agent to come back (30 s; 0 = fail at once). */
        public Builder grace(Duration d) {
            this.grace = notNegative(d, "grace");
            return this;
        }

        /** How often stale agents are revoked (30 s). */
        public Builder reaperInterval(Duration d) {
            this.reaperInterval = positive(d, "reaperInterval");
            return this;
        }

        /**
         * What each agent report (STARTED, PROGRESS, LOG, YIELD, COMPLETED, FAILED, CRITICAL, CANCELLED, INTERRUPTED,
         * PAUSED, RESUMED) and each mirror event costs the connection's single consumer before it takes effect (0, as
         * fast as possible). The real server spends 20-60 ms of database work per report; 25 ms reproduces its
         * backlogs, and the heartbeat timeouts (3001) they cause, under bursts.
         */
        public Builder reportCost(Duration d) {
            this.reportCost = notNegative(d, "reportCost");
            return this;
        }

        /**
         * How long a closed connection's consumer keeps working through its backlog (10 s, the ASGI host's
         * {@code application_close_timeout}). If the backlog is not empty by then, the rest is dropped and no
         * disconnect handling runs: the agent stays {@code connected} until its {@code lastSeen} is stale.
         */
        public Builder closeBacklogTimeout(Duration d) {
            this.closeBacklogTimeout = notNegative(d, "closeBacklogTimeout");
            return this;
        }

        /**
         * How long the server waits for a webhook agent's answer to a POSTed message (10 s, as the real server). The
         * POST happens inside the call that queued the message ({@code assign}, {@code cancel}...), which answers only
         * after it; a message whose POST fails or times out is lost, never retried (§2.11).
         */
        public Builder webhookTimeout(Duration d) {
            this.webhookTimeout = positive(d, "webhookTimeout");
            return this;
        }

        /**
         * Serves the dev-only fault endpoints under {@code /_dev/faults/} (off; the standalone server turns them on).
         * See {@link ServerFaults}.
         */
        public Builder faultEndpoints(boolean enabled) {
            this.faultEndpoints = enabled;
            return this;
        }

        /** Largest websocket frame accepted; larger ones close the socket with 1009. */
        public Builder maxFrameBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxFrameBytes must be at least 1024");
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        /** How many event loops serve connections (at most 2 by default). */
        public Builder eventLoops(int n) {
            this.eventLoops = Math.max(1, n);
            return this;
        }

        /** Adds a static token, as the real server's {@code static_tokens}. */
        public Builder staticToken(String token, Identity identity) {
            this.staticTokens.put(Objects.requireNonNull(token), Objects.requireNonNull(identity));
            return this;
        }

        /**
         * Whether tokens {@code dev:<application>} are accepted, each as a dev identity of its own in organization
         * {@code dev-org} (on by default; Dev Services gives every application such a token).
         */
        public Builder devAppTokens(boolean enabled) {
            this.devAppTokens = enabled;
            return this;
        }

        /** Drops the built-in {@value DevServerConfig#DEV_TOKEN}. */
        public Builder withoutDevToken() {
            this.staticTokens.remove(DEV_TOKEN);
            return this;
        }

        /** Accepts RS256 JWTs signed by this key (issuer and audience are checked when given). */
        public Builder jwt(PublicKey key, String issuer, String audience) {
            this.jwtPublicKey = key;
            this.jwtIssuer = issuer;
            this.jwtAudience = audience;
            return this;
        }

        /**
         * Serves https and wss (instead of http and ws) with the key and certificate chain of a key store: PKCS12
         * ({@code .p12}, {@code .pfx}) or JKS ({@code .jks}).
         */
        public Builder tls(Path keyStore, String password) {
            this.tlsKeyStore = Objects.requireNonNull(keyStore);
            this.tlsKeyStorePassword = password;
            this.tlsCertificate = null;
            this.tlsKey = null;
            return this;
        }

        /** Serves https and wss with a PEM certificate (chain) and its PEM private key. */
        public Builder tls(Path certificatePem, Path keyPem) {
            this.tlsCertificate = Objects.requireNonNull(certificatePem);
            this.tlsKey = Objects.requireNonNull(keyPem);
            this.tlsKeyStore = null;
            this.tlsKeyStorePassword = null;
            return this;
        }

        public DevServerConfig build() {
            return new DevServerConfig(this);
        }

        private static Duration notNegative(Duration d, String name) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or positive");
            }
            return d;
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
