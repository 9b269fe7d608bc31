package io.askflow.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HS256 key with a key id derived from it (a hash prefix, which reveals nothing usable about the
 * secret), so tokens name the key that signed them and several keys can verify side by side.
 */
record SigningKey(SecretKey key, String keyId) {

    static final int MIN_SECRET_BYTES = 32;

    static SigningKey of(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException(
                    "JWT secrets must be at least " + MIN_SECRET_BYTES + " bytes, got one of " + secret.length);
        }
        return new SigningKey(new SecretKeySpec(secret, "HmacSHA256"), keyId(secret));
    }

    static SigningKey of(String secret) {
        return of(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static String keyId(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
