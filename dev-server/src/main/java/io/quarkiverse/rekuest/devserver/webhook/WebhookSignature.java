package io.quarkiverse.rekuest.devserver.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of webhook messages in both directions (§2.11): header {@code X-Rekuest-Signature}, the lowercase hex
 * HMAC-SHA256 of the raw body keyed by the agent's {@code hookUrlSecret}.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Rekuest-Signature";

    private WebhookSignature() {
    }

    /** The lowercase hex HMAC-SHA256 of {@code body} keyed by {@code secret} (UTF-8). */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether {@code header} is the signature of {@code body}; compared in constant time, case-insensitive hex. */
    public static boolean verify(String secret, byte[] body, String header) {
        if (secret == null || header == null) {
            return false;
        }
        byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
