package io.quarkiverse.rekuest.devserver.graphql;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.DevServerConfig;
import io.quarkiverse.rekuest.devserver.Fixture;
import io.quarkiverse.rekuest.test.wire.RawSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RS256 JWTs carrying the claims authentikate reads (§3.2), verified with a configured public key: a valid token
 * works on GraphQL, on subscriptions and in the /agi REGISTER; an expired token, a wrong signature, a wrong issuer or
 * audience are refused everywhere with a message that says why and never contains the token.
 */
class JwtAuthTest {

    static final String ISSUER = "lok", AUDIENCE = "rekuest";

    private static KeyPair trusted, untrusted;
    private static Fixture fx;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        trusted = generator.generateKeyPair();
        untrusted = generator.generateKeyPair();
        fx = new Fixture(DevServerConfig.builder().jwt(trusted.getPublic(), ISSUER, AUDIENCE));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    /** A token with the §3.2 claims for user "jwt-user" of client "jwt-client"; the customizer may change them. */
    static String mint(PrivateKey key, Consumer<JwtClaims> customize) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("jwt-user");
        claims.setIssuer(ISSUER);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setAudience(AUDIENCE);
        claims.setClaim("client_id", "jwt-client");
        claims.setClaim("preferred_username", "Jay");
        claims.setClaim("scope", "openid rekuest");
        claims.setClaim("org", "lab");
        claims.setClaim("client_app", "jwt-app");
        claims.setClaim("client_release", "2.0");
        customize.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue("lok-key-1");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String valid() {
        return mint(trusted.getPrivate(), c -> {
        });
    }

    @Test
    void validTokenWorksOnGraphQLSubscriptionsAndTheAgentSocket() {
        String token = valid();
        JsonNode agent = fx.implement(token, List.of(Fixture.add()));
        JsonNode read = fx.graphql(token)
                .data("{ agent(app: \"jwt-app\") { id app { identifier } release { version } client { clientId } "
                        + "user { sub } organization { slug } } }", Map.of())
                .get("agent");
        assertEquals(agent.get("id"), read.get("id"));
        assertEquals("jwt-app", read.get("app").get("identifier").asText(), "client_app");
        assertEquals("2.0", read.get("release").get("version").asText(), "client_release");
        assertEquals("jwt-client", read.get("client").get("clientId").asText(), "client_id");
        assertEquals("jwt-user", read.get("user").get("sub").asText(), "sub");
        assertEquals("lab", read.get("organization").get("slug").asText(), "org");

        try (RawSocket agi = fx.connect(token);
                Api.Sub sub = Api.Sub.open(fx.server.subscriptionsUrl(), "graphql-transport-ws", token)) {
            sub.subscribe("1", SubscriptionTest.MYTASKS);
            sub.expectSilence(java.time.Duration.ofMillis(100));
            String task = fx.assign(token, agent.get("implementations").get(0).get("action").get("id").asText(),
                    Map.of("a", 1, "b", 1));
            assertEquals(task, sub.nextData("1").get("mytasks").get("create").get("id").asText());
            assertEquals("jwt-user", agi.nextOfType("ASSIGN").get("user").asText());
        }
        // a static token still works next to JWTs, in the same organization
        assertTrue(fx.graphql(Fixture.CALLER).data("{ agents { id } }", Map.of()).get("agents").size() >= 1);
    }

    @Test
    void expiredTokenIsRefused() {
        String token = mint(trusted.getPrivate(), c -> {
            c.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 3600));
            c.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 600));
        });
        assertRefusedEverywhere(token, "The token has expired");
    }

    @Test
    void wrongSignatureIsRefused() {
        assertRefusedEverywhere(mint(untrusted.getPrivate(), c -> {
        }), "signature");
    }

    @Test
    void tamperedPayloadIsRefused() {
        String token = valid();
        String[] parts = token.split("\\.");
        String otherPayload = mint(trusted.getPrivate(), c -> c.setClaim("org", "other-org")).split("\\.")[1];
        assertRefusedEverywhere(parts[0] + "." + otherPayload + "." + parts[2], "signature");
    }

    @Test
    void wrongIssuerIsRefused() {
        assertRefusedEverywhere(mint(trusted.getPrivate(), c -> c.setIssuer("somebody-else")), "iss");
    }

    @Test
    void wrongAudienceIsRefused() {
        assertRefusedEverywhere(mint(trusted.getPrivate(), c -> c.setAudience("another-service")), "aud");
    }

    @Test
    void tokenWithoutClientIdIsRefused() {
        assertRefusedEverywhere(mint(trusted.getPrivate(), c -> c.unsetClaim("client_id")), "client_id");
    }

    @Test
    void otherAlgorithmsAreRefused() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload("{\"sub\":\"x\",\"iss\":\"lok\",\"aud\":\"rekuest\",\"exp\":" + (NumericDate.now().getValue() + 600)
                + ",\"client_id\":\"c\"}");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new org.jose4j.keys.HmacKey(new byte[32]));
        assertRefusedEverywhere(jws.getCompactSerialization(), "");
    }

    /** GraphQL HTTP, both subscription protocols and /agi REGISTER refuse it with a message containing {@code why}. */
    private static void assertRefusedEverywhere(String token, String why) {
        String graphql = fx.graphql(token).error("{ agents { id } }", Map.of());
        assertClear(graphql, token, why);

        try (Api.Sub sub = Api.Sub.raw(fx.server.subscriptionsUrl(), "graphql-ws")) {
            sub.init(token);
            JsonNode error = sub.socket.next();
            assertEquals("connection_error", error.get("type").asText());
            assertClear(error.get("payload").get("message").asText(), token, why);
            sub.socket.assertClosedWith(4403);
        }
        try (Api.Sub sub = Api.Sub.raw(fx.server.subscriptionsUrl(), "graphql-transport-ws")) {
            sub.init(token);
            sub.socket.assertClosedWith(4403);
            sub.socket.history().forEach(f -> assertClear(f.toString(), token, ""));
        }
        // /agi: v2.2.0 closes a refused REGISTER with 3003 and the reason, no PROTOCOL_ERROR frame before it
        Close close = agiRegister(token);
        assertEquals(3003, close.code(), close.toString());
        assertTrue(close.reason().startsWith("REGISTER refused"), close.toString());
        assertClear(close.reason(), token, why.length() > 10 ? why.substring(0, 10) : why);
        close.frames().forEach(f -> assertClear(f, token, ""));
    }

    record Close(int code, String reason, List<String> frames) {
    }

    /** Sends REGISTER on a fresh /agi socket and waits for the server to close it (JDK websocket, close reason kept). */
    private static Close agiRegister(String token) {
        java.util.concurrent.CompletableFuture<Close> closed = new java.util.concurrent.CompletableFuture<>();
        List<String> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create(fx.server.agiUrl()), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data,
                            boolean last) {
                        frames.add(data.toString());
                        w.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
                        closed.complete(new Close(code, reason, frames));
                        return null;
                    }
                }).join();
        try {
            ws.sendText(Api.MAPPER.writeValueAsString(Fixture.register(token, "s", false)), true).join();
            return closed.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the /agi socket", e);
        } finally {
            ws.abort();
        }
    }

    private static void assertClear(String message, String token, String why) {
        assertTrue(message.contains(why), () -> "'" + message + "' should say why (" + why + ")");
        for (String part : token.split("\\.")) {
            assertFalse(part.length() > 8 && message.contains(part), () -> "the message leaks the token: " + message);
        }
    }
}
