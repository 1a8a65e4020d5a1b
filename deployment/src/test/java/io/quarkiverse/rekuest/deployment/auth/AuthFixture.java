package io.quarkiverse.rekuest.deployment.auth;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import io.quarkiverse.rekuest.devserver.DevServer;
import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the auth tests run against, on 127.0.0.1: an OAuth2 token endpoint issuing client-credentials RS256 JWTs with
 * the claims authentikate reads (protocol reference §3.2), a small fakts server (well-known, redeem, claim), and the
 * embedded rekuest server verifying those JWTs.
 * <p>
 * A QuarkusUnitTest class is loaded twice (by JUnit and by the application's class loader): everything is started
 * once, by the first, and handed to the second through the system properties as JDK types only.
 */
final class AuthFixture {

    static final String ISSUER = "lok", AUDIENCE = "rekuest", ORG = "dev-org";
    static final String CLIENT_ID = "rekuest-test-client";
    /** A secret that appears nowhere but in the configuration: the log test looks for it. */
    static final String CLIENT_SECRET = shared("rekuest.test.auth.secret", "s3cr3t-");
    /** The redeem token of the fakts tests. */
    static final String REDEEM_TOKEN = shared("rekuest.test.auth.redeem", "redeem-");

    private final Map<String, Object> handle;

    /** A random value, the same in both class loaders. */
    private static String shared(String key, String prefix) {
        return (String) System.getProperties().computeIfAbsent(key, k -> prefix + UUID.randomUUID());
    }

    private AuthFixture(Map<String, Object> handle) {
        this.handle = handle;
    }

    /** The fixture {@code name}, started on first use and closed when the JVM exits. */
    @SuppressWarnings("unchecked")
    static synchronized AuthFixture get(String name) {
        String key = "rekuest.test.auth." + name;
        Object handle = System.getProperties().get(key);
        if (handle == null) {
            handle = start();
            System.getProperties().put(key, handle);
        }
        return new AuthFixture((Map<String, Object>) handle);
    }

    /**
     * The fixture {@code name}, its token and fakts endpoints down when the application starts: taken down by the first
     * class loader that asks, left as the test left them for the second.
     */
    static synchronized AuthFixture downAtStart(String name) {
        AuthFixture fixture = get(name);
        String started = "rekuest.test.auth." + name + ".started";
        if (System.getProperty(started) == null) {
            System.setProperty(started, "true");
            fixture.down();
        }
        return fixture;
    }

    /** The rekuest server (verifies the JWTs; also knows {@code dev-token} for the test's own caller). */
    String serverUrl() {
        return (String) handle.get("server");
    }

    /** The token endpoint. */
    String tokenUrl() {
        return base() + "/o/token/";
    }

    /** The fakts server (its {@code /.well-known/fakts}). */
    String faktsUrl() {
        return base();
    }

    private String base() {
        return "http://127.0.0.1:" + handle.get("port");
    }

    /** Every access token issued so far. */
    @SuppressWarnings("unchecked")
    List<String> issued() {
        synchronized (handle) {
            return List.copyOf((List<String>) handle.get("issued"));
        }
    }

    /** Token requests answered (granted or refused). */
    int requests() {
        return ((AtomicInteger) handle.get("requests")).get();
    }

    /** The lifetime of the next tokens. */
    void ttl(Duration ttl) {
        ((AtomicLong) handle.get("ttl")).set(ttl.toSeconds());
    }

    /** When set, tokens say {@code expires_in: 3600} whatever their real {@code exp}: only the server finds out. */
    void lie(boolean lie) {
        ((AtomicBoolean) handle.get("lie")).set(lie);
    }

    /** Stops listening: connections to the token and fakts endpoints are refused. */
    @SuppressWarnings("unchecked")
    void down() {
        ((Supplier<Object>) handle.get("down")).get();
    }

    /** Listens again on the same port. */
    @SuppressWarnings("unchecked")
    void up() {
        ((Supplier<Object>) handle.get("up")).get();
    }

    /** The manifests received by redeem. */
    @SuppressWarnings("unchecked")
    List<String> manifests() {
        synchronized (handle) {
            return List.copyOf((List<String>) handle.get("manifests"));
        }
    }

    // =================================================================== the servers

    private static Map<String, Object> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            DevServer server = DevServer.start(DevServerConfig.builder().port(0)
                    .heartbeatInterval(Duration.ofMillis(300))
                    .heartbeatTimeout(Duration.ofSeconds(2))
                    .jwt(keys.getPublic(), ISSUER, AUDIENCE)
                    .build());
            Map<String, Object> handle = new ConcurrentHashMap<>();
            handle.put("server", server.httpUrl());
            handle.put("issued", Collections.synchronizedList(new ArrayList<String>()));
            handle.put("manifests", Collections.synchronizedList(new ArrayList<String>()));
            handle.put("requests", new AtomicInteger());
            handle.put("ttl", new AtomicLong(600));
            handle.put("lie", new AtomicBoolean());
            Vertx vertx = Vertx.vertx();
            String claimToken = "claim-" + UUID.randomUUID();
            HttpServer[] http = new HttpServer[1];
            Supplier<Object> up = () -> {
                int port = handle.containsKey("port") ? (Integer) handle.get("port") : 0;
                http[0] = vertx.createHttpServer()
                        .requestHandler(request -> request.body().onSuccess(body -> {
                            try {
                                handle(request, body.toString(StandardCharsets.UTF_8), handle, keys, claimToken, server);
                            } catch (RuntimeException e) {
                                request.response().setStatusCode(500).end(String.valueOf(e));
                            }
                        }))
                        .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
                handle.put("port", http[0].actualPort());
                return null;
            };
            Supplier<Object> down = () -> {
                http[0].close().toCompletionStage().toCompletableFuture().join();
                return null;
            };
            up.get();
            handle.put("up", up);
            handle.put("down", down);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                vertx.close();
            }));
            return handle;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void handle(HttpServerRequest request, String body, Map<String, Object> handle, KeyPair keys,
            String claimToken, DevServer server) throws RuntimeException {
        String path = request.path();
        switch (path) {
            case "/o/token/" -> token(request, body, handle, keys);
            case "/.well-known/fakts" -> json(request, 200, new JsonObject().put("name", "test fakts")
                    .put("base_url", "http://127.0.0.1:" + handle.get("port") + "/f/").put("protocol_version", "0.1"));
            case "/f/redeem/" -> {
                JsonObject redeem = new JsonObject(body);
                ((List<String>) handle.get("manifests")).add(redeem.getJsonObject("manifest").encode());
                json(request, 200, REDEEM_TOKEN.equals(redeem.getString("token"))
                        ? new JsonObject().put("status", "granted").put("token", claimToken)
                        : new JsonObject().put("status", "error").put("message", "This redeem token is not known"));
            }
            case "/f/claim/" -> {
                JsonObject claim = new JsonObject(body);
                if (!claimToken.equals(claim.getString("token"))) {
                    json(request, 200, new JsonObject().put("status", "denied"));
                    return;
                }
                int rekuestPort = java.net.URI.create(server.httpUrl()).getPort();
                JsonArray aliases = new JsonArray()
                        // a first alias that does not answer its challenge (nothing listens on port 9)
                        .add(new JsonObject().put("id", "unreachable").put("host", "127.0.0.1").put("port", 9)
                                .put("ssl", false).put("path", "rekuest").put("challenge", "ht"))
                        .add(new JsonObject().put("id", "local").put("host", "127.0.0.1").put("port", rekuestPort)
                                .put("ssl", false).put("challenge", "ht"));
                JsonObject config = new JsonObject()
                        .put("self", new JsonObject().put("deployment_name", "test"))
                        .put("auth", new JsonObject().put("client_id", CLIENT_ID).put("client_secret", CLIENT_SECRET)
                                .put("client_token", "unused")
                                .put("token_url", "http://127.0.0.1:" + handle.get("port") + "/o/token/")
                                .put("scopes", new JsonArray().add("openid").add("rekuest")))
                        .put("instances",
                                new JsonObject().put("rekuest", new JsonObject().put("service", "live.arkitekt.rekuest")
                                        .put("identifier", "rekuest").put("aliases", aliases)));
                json(request, 200, new JsonObject().put("status", "granted").put("config", config));
            }
            default -> request.response().setStatusCode(404).end();
        }
    }

    @SuppressWarnings("unchecked")
    private static void token(HttpServerRequest request, String body, Map<String, Object> handle, KeyPair keys) {
        ((AtomicInteger) handle.get("requests")).incrementAndGet();
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        String clientId = form.get("client_id"), secret = form.get("client_secret");
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] basic = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8)
                    .split(":", 2);
            clientId = decode(basic[0]);
            secret = basic.length > 1 ? decode(basic[1]) : null;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            json(request, 400, new JsonObject().put("error", "unsupported_grant_type"));
            return;
        }
        if (!CLIENT_ID.equals(clientId) || !CLIENT_SECRET.equals(secret)) {
            json(request, 401, new JsonObject().put("error", "invalid_client")
                    .put("error_description", "Client authentication failed"));
            return;
        }
        long ttl = ((AtomicLong) handle.get("ttl")).get();
        String scope = form.getOrDefault("scope", "openid");
        String token = mint(keys, ttl, scope);
        ((List<String>) handle.get("issued")).add(token);
        boolean lie = ((AtomicBoolean) handle.get("lie")).get();
        json(request, 200, new JsonObject().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", lie ? 3600 : ttl).put("scope", scope));
    }

    /** A client-credentials access token of lok: the §3.2 claims, RS256, kid {@code lok-key-1}. */
    static String mint(KeyPair keys, long ttlSeconds, String scope) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("agent-user");
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromMilliseconds(System.currentTimeMillis() + ttlSeconds * 1000));
        claims.setGeneratedJwtId();
        claims.setClaim("client_id", CLIENT_ID);
        claims.setClaim("preferred_username", "agent-user");
        claims.setClaim("roles", List.of("bot"));
        claims.setClaim("scope", scope);
        claims.setClaim("org", ORG);
        claims.setClaim("client_app", "auth-test-app");
        claims.setClaim("client_release", "1.0.0");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        jws.setKeyIdHeaderValue("lok-key-1");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Waits until {@code condition} holds, at most {@code timeout}; the caller asserts what it expects. */
    static void await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
