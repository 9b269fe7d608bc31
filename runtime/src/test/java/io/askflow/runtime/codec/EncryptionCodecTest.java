package io.askflow.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EncryptionCodecTest {

    static final String KEY_A = key();
    static final String KEY_B = key();
    static final String QUESTION = "What is the secret recipe of grandma's soup?";

    static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static Payload json(String text) {
        return DefaultDataConverter.STANDARD_INSTANCE.toPayload(text).orElseThrow();
    }

    @Test
    void roundTripsAPayloadWithoutLeavingPlaintext() {
        EncryptionCodec codec = new EncryptionCodec(CodecKeys.parse("a:" + KEY_A, ""));
        Payload plain = json(QUESTION);

        Payload encrypted = codec.encode(List.of(plain)).getFirst();

        assertThat(encrypted.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
        assertThat(encrypted.getMetadataOrThrow("encryption-key-id").toStringUtf8())
                .isEqualTo("a");
        assertThat(encrypted.toByteString().toString(StandardCharsets.ISO_8859_1))
                .doesNotContain("secret recipe");
        assertThat(encrypted.getData())
                .isNotEqualTo(codec.encode(List.of(plain)).getFirst().getData());
        assertThat(codec.decode(List.of(encrypted))).containsExactly(plain);
    }

    @Test
    void worksInsideTheDataConverterForValuesAndNull() {
        EncryptionCodec codec = new EncryptionCodec(CodecKeys.parse("a:" + KEY_A, ""));
        CodecDataConverter converter =
                new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE, List.of(codec), true);

        Optional<io.temporal.api.common.v1.Payloads> payloads = converter.toPayloads(QUESTION, null, 42);

        assertThat(payloads).isPresent();
        assertThat(converter.fromPayloads(0, payloads, String.class, String.class))
                .isEqualTo(QUESTION);
        assertThat(converter.fromPayloads(1, payloads, String.class, String.class))
                .isNull();
        assertThat(converter.fromPayloads(2, payloads, Integer.class, Integer.class))
                .isEqualTo(42);
    }

    @Test
    void afterARotationTheOldKeyStillDecryptsAndTheNewOneEncrypts() {
        EncryptionCodec before = new EncryptionCodec(CodecKeys.parse("a:" + KEY_A, "a"));
        EncryptionCodec after = new EncryptionCodec(CodecKeys.parse("a:" + KEY_A + ",b:" + KEY_B, "b"));
        Payload plain = json(QUESTION);
        Payload old = before.encode(List.of(plain)).getFirst();

        Payload fresh = after.encode(List.of(plain)).getFirst();

        assertThat(fresh.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("b");
        assertThat(after.decode(List.of(old, fresh))).containsExactly(plain, plain);
    }

    @Test
    void anUnknownKeyIdFailsNamingIt() {
        Payload encrypted = new EncryptionCodec(CodecKeys.parse("retired:" + KEY_A, ""))
                .encode(List.of(json(QUESTION)))
                .getFirst();
        EncryptionCodec codec = new EncryptionCodec(CodecKeys.parse("b:" + KEY_B, ""));

        assertThatThrownBy(() -> codec.decode(List.of(encrypted)))
                .isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("key id 'retired'")
                .hasMessageContaining("ASKFLOW_CODEC_KEYS");
    }

    @Test
    void tamperingFailsAuthentication() {
        EncryptionCodec codec = new EncryptionCodec(CodecKeys.parse("a:" + KEY_A + ",b:" + KEY_B, "a"));
        Payload encrypted = codec.encode(List.of(json(QUESTION))).getFirst();
        byte[] data = encrypted.getData().toByteArray();
        data[data.length / 2] ^= 1;
        Payload flipped =
                encrypted.toBuilder().setData(ByteString.copyFrom(data)).build();
        Payload relabelled = encrypted.toBuilder()
                .putMetadata("encryption-key-id", ByteString.copyFromUtf8("b"))
                .build();
        Payload truncated = encrypted.toBuilder()
                .setData(encrypted.getData().substring(0, 20))
                .build();

        for (Payload bad : List.of(flipped, relabelled, truncated)) {
            assertThatThrownBy(() -> codec.decode(List.of(bad)))
                    .isInstanceOf(PayloadCodecException.class)
                    .hasMessageContaining("key id '");
        }
        assertThatThrownBy(() -> codec.decode(List.of(flipped))).hasMessageContaining("failed authentication");
    }

    @Test
    void aPayloadThatWasNeverEncryptedPassesThrough() {
        EncryptionCodec codec = new EncryptionCodec(CodecKeys.parse("a:" + KEY_A, ""));
        Payload plain = json(QUESTION);

        assertThat(codec.decode(List.of(plain))).containsExactly(plain);
    }

    @Test
    void refusesBadKeyConfigurationWithoutEchoingKeys() {
        assertThatThrownBy(() -> CodecKeys.parse("a:" + KEY_A + ",b:" + KEY_B, ""))
                .hasMessageContaining("ASKFLOW_CODEC_KEY_ID must name");
        assertThatThrownBy(() -> CodecKeys.parse("a:" + KEY_A, "c")).hasMessageContaining("'c' is not among");
        assertThatThrownBy(() -> CodecKeys.parse("a:c2hvcnQ=", "")).hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> CodecKeys.parse("a:not base64!", ""))
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> CodecKeys.parse(KEY_A, "")).hasMessageContaining("id:base64key");
        assertThatThrownBy(() -> CodecKeys.parse("a:" + KEY_A + ",a:" + KEY_B, "a"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> CodecKeys.parse(" , ", "")).hasMessageContaining("no key");
    }
}
