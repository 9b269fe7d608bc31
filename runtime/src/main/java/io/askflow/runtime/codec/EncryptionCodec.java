package io.askflow.runtime.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every payload AskFlow writes to Temporal (workflow and activity inputs and results, update
 * arguments, local-activity markers, failure messages) with AES-256-GCM, so question and answer text never sit
 * in Temporal's history in plaintext. The whole serialized payload, its metadata included, becomes the data of
 * a new payload whose metadata names the encoding and the key id; the data is a random 96-bit nonce followed by
 * the ciphertext and its 128-bit tag, and the key id is authenticated as associated data. Decoding accepts any
 * configured key, so histories written before a rotation stay readable; a payload that is not encrypted (written
 * before the codec was on) passes through unchanged.
 */
public final class EncryptionCodec implements PayloadCodec {

    /** The encoding of an encrypted payload, as the Temporal UI shows it. */
    public static final String ENCODING = "binary/encrypted";

    /** Metadata key: which configured key encrypted the payload. */
    public static final String KEY_ID = "encryption-key-id";

    static final String METADATA_ENCODING = "encoding";
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

    private final CodecKeys keys;
    private final ByteString currentId;
    // SecureRandom is thread-safe; one instance avoids re-seeding per payload
    private final SecureRandom random = new SecureRandom();

    public EncryptionCodec(CodecKeys keys) {
        this.keys = keys;
        this.currentId = ByteString.copyFromUtf8(keys.currentId());
    }

    /** The id of the key new payloads are encrypted with. */
    public String currentKeyId() {
        return keys.currentId();
    }

    @Override
    public List<Payload> encode(List<Payload> payloads) {
        return payloads.stream().map(this::encrypt).toList();
    }

    @Override
    public List<Payload> decode(List<Payload> payloads) {
        return payloads.stream().map(this::decrypt).toList();
    }

    private Payload encrypt(Payload payload) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = payload.toByteArray();
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.current(), nonce, keys.currentId());
            ByteBuffer data = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(plain.length));
            data.put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plain), data);
            data.flip();
            return Payload.newBuilder()
                    .putMetadata(METADATA_ENCODING, ENCODING_BYTES)
                    .putMetadata(KEY_ID, currentId)
                    .setData(ByteString.copyFrom(data))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new PayloadCodecException("could not encrypt a payload: " + e.getMessage(), e);
        }
    }

    private Payload decrypt(Payload payload) {
        if (!ENCODING_BYTES.equals(payload.getMetadataOrDefault(METADATA_ENCODING, ByteString.EMPTY))) {
            return payload;
        }
        ByteString idBytes = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY);
        String id = idBytes.toString(StandardCharsets.UTF_8);
        SecretKey key = keys.byId(id)
                .orElseThrow(() -> new PayloadCodecException("payload encrypted with key id '" + id
                        + "', which is not configured: add it to ASKFLOW_CODEC_KEYS (configured: "
                        + keys.keys().keySet() + ")"));
        ByteString data = payload.getData();
        if (data.size() < NONCE_BYTES + TAG_BITS / 8) {
            throw new PayloadCodecException("encrypted payload (key id '" + id + "') is too short to be one");
        }
        try {
            byte[] bytes = data.toByteArray();
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(bytes, NONCE_BYTES), id);
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return Payload.parseFrom(plain);
        } catch (AEADBadTagException e) {
            throw new PayloadCodecException(
                    "encrypted payload (key id '" + id
                            + "') failed authentication: it was altered, or the key under that id is not the one that"
                            + " encrypted it",
                    e);
        } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
            throw new PayloadCodecException("could not decrypt a payload (key id '" + id + "'): " + e.getMessage(), e);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        // binds the key id to the ciphertext: moving a payload under another id fails like tampering
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
