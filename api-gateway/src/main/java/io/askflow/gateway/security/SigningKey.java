package io.askflow.gateway.security;

import io.askflow.gateway.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HS256 signing key of this environment, with a key id derived from it (a hash prefix, which reveals
 * nothing usable about the secret) so that tokens name the key that signed them.
 */
record SigningKey(SecretKey key, String keyId) {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);
    static final int MIN_SECRET_BYTES = 32;

    static SigningKey from(GatewayProperties properties) {
        String secret = properties.auth().jwtSecret();
        byte[] bytes;
        if (secret == null || secret.isBlank()) {
            if (!properties.isDev()) {
                throw new IllegalStateException("JWT_SECRET is required when APP_ENV=" + properties.env());
            }
            bytes = new byte[MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(bytes);
            log.warn("No JWT_SECRET: generated a random signing secret for this run (dev only); "
                    + "tokens stop working when the gateway restarts");
        } else {
            bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException(
                        "JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes, got " + bytes.length);
            }
        }
        return new SigningKey(new SecretKeySpec(bytes, "HmacSHA256"), keyId(bytes));
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
