package io.askflow.runtime.codec;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The payload codec's AES-256 keys by id, and which one encrypts. Read from {@code ASKFLOW_CODEC_KEYS}
 * ({@code id:base64key,id:base64key}) and {@code ASKFLOW_CODEC_KEY_ID}; every listed key decrypts, so a rotation
 * adds the new key, makes it current, and removes the old one only once no history needs it.
 *
 * @param keys every configured key by id, in the order listed
 * @param currentId the id of the key new payloads are encrypted with
 */
public record CodecKeys(Map<String, SecretKey> keys, String currentId) {

    static final int KEY_BYTES = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public CodecKeys {
        keys = Map.copyOf(keys);
        if (!keys.containsKey(currentId)) {
            throw new IllegalStateException("ASKFLOW_CODEC_KEY_ID '" + currentId + "' is not among the ids in"
                    + " ASKFLOW_CODEC_KEYS " + keys.keySet());
        }
    }

    /**
     * Parses the configuration; messages name the variable and the key id, never key material.
     *
     * @param spec {@code id:base64key} pairs separated by commas
     * @param currentId the encrypting key's id; may be blank when exactly one key is listed
     */
    public static CodecKeys parse(String spec, String currentId) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String id = colon < 0 ? "" : trimmed.substring(0, colon).strip();
            if (!ID.matcher(id).matches()) {
                throw new IllegalStateException("ASKFLOW_CODEC_KEYS must list id:base64key pairs; a key id is 1-64 of"
                        + " A-Z a-z 0-9 . _ - (entry " + (keys.size() + 1) + ")");
            }
            byte[] material;
            try {
                material =
                        Base64.getDecoder().decode(trimmed.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("ASKFLOW_CODEC_KEYS: key '" + id + "' is not valid base64");
            }
            if (material.length != KEY_BYTES) {
                throw new IllegalStateException("ASKFLOW_CODEC_KEYS: key '" + id + "' must be " + KEY_BYTES
                        + " bytes (AES-256), base64-encoded, e.g. from `openssl rand -base64 32`; it is "
                        + material.length);
            }
            if (keys.put(id, new SecretKeySpec(material, "AES")) != null) {
                throw new IllegalStateException("ASKFLOW_CODEC_KEYS lists key id '" + id + "' twice");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("ASKFLOW_CODEC_KEYS lists no key");
        }
        String current = currentId == null ? "" : currentId.strip();
        if (current.isEmpty()) {
            if (keys.size() > 1) {
                throw new IllegalStateException(
                        "ASKFLOW_CODEC_KEY_ID must name the encrypting key when ASKFLOW_CODEC_KEYS lists several");
            }
            current = keys.keySet().iterator().next();
        }
        return new CodecKeys(keys, current);
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }
}
