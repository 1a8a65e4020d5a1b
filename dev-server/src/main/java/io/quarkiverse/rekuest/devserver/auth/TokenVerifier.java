package io.quarkiverse.rekuest.devserver.auth;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Turns a bearer token into an {@link Identity}: first the configured static tokens (as the real server's
 * {@code static_tokens}), then, when a public key is configured, an RS256 JWT carrying the claims that
 * authentikate reads (protocol reference §3.2).
 */
public final class TokenVerifier {

    /** Prefix of the per-application dev tokens: {@code dev:<application>}. */
    public static final String DEV_APP_TOKEN_PREFIX = "dev:";

    private final Map<String, Identity> staticTokens;
    private final boolean devAppTokens;
    private final JwtConsumer jwtConsumer;

    public TokenVerifier(Map<String, Identity> staticTokens, boolean devAppTokens, PublicKey jwtKey, String issuer,
            String audience) {
        this.staticTokens = Map.copyOf(staticTokens);
        this.devAppTokens = devAppTokens;
        if (jwtKey == null) {
            this.jwtConsumer = null;
        } else {
            JwtConsumerBuilder builder = new JwtConsumerBuilder()
                    .setVerificationKey(jwtKey)
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setRequireExpirationTime()
                    .setRequireSubject()
                    .setAllowedClockSkewInSeconds(5);
            if (issuer != null) {
                builder.setExpectedIssuer(issuer);
            }
            if (audience != null) {
                builder.setExpectedAudience(audience);
            } else {
                builder.setSkipDefaultAudienceValidation();
            }
            this.jwtConsumer = builder.build();
        }
    }

    /** Verifies a token; the exception message says what is wrong without repeating the token. */
    public Identity verify(String token) throws AuthenticationException {
        if (token == null || token.isBlank()) {
            throw new AuthenticationException("No token was given");
        }
        Identity identity = staticTokens.get(token);
        if (identity != null) {
            return identity;
        }
        if (devAppTokens && token.startsWith(DEV_APP_TOKEN_PREFIX) && token.length() > DEV_APP_TOKEN_PREFIX.length()) {
            return devAppIdentity(token.substring(DEV_APP_TOKEN_PREFIX.length()));
        }
        if (jwtConsumer == null || token.chars().filter(c -> c == '.').count() != 2) {
            throw new AuthenticationException("The token is not a known static token and not a JWT this server can verify");
        }
        try {
            JwtClaims claims = jwtConsumer.processToClaims(token);
            return toIdentity(claims);
        } catch (InvalidJwtException e) {
            throw new AuthenticationException(
                    e.hasExpired() ? "The token has expired" : "The token is not valid: " + describe(e, token));
        } catch (MalformedClaimException e) {
            throw new AuthenticationException("The token has a malformed claim: " + e.getMessage());
        }
    }

    /**
     * The identity behind {@code dev:<application>}: a client of its own per application (so that each app's
     * {@code implementAgent} reconciles only its own implementations), all in the dev organization.
     */
    public static Identity devAppIdentity(String application) {
        return new Identity("dev-" + application, application, "dev", "dev", "dev", "dev-org", List.of("openid"));
    }

    private static String describe(InvalidJwtException e, String token) {
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "its signature does not verify with the configured public key";
        }
        String detail = e.getErrorDetails().isEmpty() ? "rejected" : e.getErrorDetails().get(0).getErrorMessage();
        return redact(detail, token);
    }

    /**
     * jose4j's details may end with the whole token ({@code JsonWebSignature{...}->header.payload.signature}): cut that
     * off, and blank out the token or any of its parts wherever else they appear. Claims it quotes (iss, aud) stay.
     */
    private static String redact(String detail, String token) {
        int jws = detail.indexOf("JsonWebSignature{");
        if (jws >= 0) {
            detail = detail.substring(0, jws).replaceAll("[\\s:]+$", "");
        }
        detail = detail.replace(token, "<token>");
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                detail = detail.replace(part, "<redacted>");
            }
        }
        return detail.isBlank() ? "rejected" : detail;
    }

    private static Identity toIdentity(JwtClaims claims) throws MalformedClaimException, AuthenticationException {
        String clientId = claims.getClaimValueAsString("client_id");
        if (clientId == null) {
            throw new AuthenticationException("The token has no client_id claim");
        }
        String org = claims.getClaimValueAsString("org");
        String scope = claims.getClaimValueAsString("scope");
        List<String> scopes = new ArrayList<>();
        if (scope != null) {
            for (String s : scope.split(" ")) {
                if (!s.isBlank()) {
                    scopes.add(s);
                }
            }
        }
        String username = claims.getClaimValueAsString("preferred_username");
        return new Identity(clientId, claims.getClaimValueAsString("client_app"),
                claims.getClaimValueAsString("client_release"), claims.getSubject(),
                username == null ? claims.getSubject() : username, org, scopes);
    }
}
