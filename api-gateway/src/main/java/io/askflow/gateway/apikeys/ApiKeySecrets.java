package io.askflow.gateway.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What an API key looks like: {@code askf_} and 43 base64url characters, 256 bits from a {@link SecureRandom}.
 * Only its SHA-256 is stored. A slow password hash (bcrypt, Argon2) is for secrets people choose, which can be
 * guessed; nobody can enumerate 2^256 random keys, so one fast SHA-256 is as safe and lets every request find its
 * key by an indexed equality lookup instead of a slow hash per request.
 */
public final class ApiKeySecrets {

    public static final String PREFIX = "askf_";
    private static final int SECRET_BYTES = 32;
    private static final Pattern WELL_FORMED = Pattern.compile("askf_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {}

    static String generate() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** A bearer credential that claims to be an API key (rather than one of the gateway's tokens). */
    public static boolean looksLikeKey(String credential) {
        return credential.startsWith(PREFIX);
    }

    public static boolean wellFormed(String key) {
        return WELL_FORMED.matcher(key).matches();
    }

    public static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first characters of a key, shown in lists so people can tell their keys apart (24 of 256 bits). */
    static String hint(String key) {
        return key.substring(0, PREFIX.length() + 4);
    }
}
