package io.quarkiverse.rekuest.runtime.agent.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of webhook messages in both directions (protocol.adoc §2.11): header {@code X-Rekuest-Signature}, the
 * lowercase hex HMAC-SHA256 of the raw body keyed by the shared secret ({@code hookUrlSecret}).
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Rekuest-Signature";

    private final SecretKeySpec key;

    /** @param secret the shared secret (UTF-8); never logged */
    public WebhookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The lowercase hex HMAC-SHA256 of {@code body}. */
    public String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether {@code header} signs {@code body}: compared in constant time, hex case ignored. */
    public boolean verify(byte[] body, String header) {
        if (header == null) {
            return false;
        }
        byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
