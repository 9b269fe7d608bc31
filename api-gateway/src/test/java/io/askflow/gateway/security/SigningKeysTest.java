package io.askflow.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.askflow.gateway.GatewayProperties;
import io.askflow.runtime.AppEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SigningKeysTest {

    static final String CURRENT = "current-signing-secret-0123456789-abcdefgh";
    static final String PREVIOUS = "previous-signing-secret-0123456789-abcdefg";

    @Test
    void theCurrentSecretSignsAndEveryConfiguredSecretVerifies() {
        SigningKeys keys = SigningKeys.from(auth(CURRENT, List.of(PREVIOUS)), AppEnvironment.PRODUCTION);

        assertThat(keys.current().keyId()).isEqualTo(SigningKey.of(CURRENT).keyId());
        assertThat(keys.verifying())
                .extracting(SigningKey::keyId)
                .containsExactly(
                        SigningKey.of(CURRENT).keyId(), SigningKey.of(PREVIOUS).keyId());
    }

    @Test
    void blankPreviousSecretsAreIgnored() {
        // JWT_PREVIOUS_SECRETS="" (the default) binds to one empty entry
        SigningKeys keys = SigningKeys.from(auth(CURRENT, List.of("", " ")), AppEnvironment.PRODUCTION);

        assertThat(keys.verifying()).containsExactly(keys.current());
    }

    @Test
    void theKeyIdNamesTheSecretWithoutRevealingIt() {
        String kid = SigningKey.of(CURRENT).keyId();

        assertThat(kid).matches("[0-9a-f]{12}").isEqualTo(SigningKey.of(CURRENT).keyId());
        assertThat(kid).isNotEqualTo(SigningKey.of(PREVIOUS).keyId());
        assertThat(CURRENT).doesNotContain(kid);
    }

    @Test
    void secretsShorterThan32BytesAreRefusedWhetherCurrentOrPrevious() {
        String short31 = "x".repeat(31);

        assertThatThrownBy(() -> SigningKeys.from(auth(short31, List.of()), AppEnvironment.DEV))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> SigningKeys.from(auth(CURRENT, List.of(short31)), AppEnvironment.DEV))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes");
        assertThat(SigningKeys.from(auth("x".repeat(32), List.of()), AppEnvironment.DEV)
                        .current()
                        .key()
                        .getEncoded())
                .hasSize(32);
    }

    @Test
    void theLengthIsCountedInBytesNotCharacters() {
        // 16 characters, 32 bytes in UTF-8
        assertThat(SigningKey.of("é".repeat(16)).key().getEncoded()).hasSize(32);
        assertThatThrownBy(() -> SigningKey.of("é".repeat(15))).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(names = {"STAGING", "PRODUCTION"})
    void outsideDevASecretIsRequired(AppEnvironment environment) {
        for (String missing : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> SigningKeys.from(auth(missing, List.of()), environment))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("JWT_SECRET is required when APP_ENV=" + environment.profile());
        }
    }

    @Test
    void inDevAMissingSecretIsGeneratedAfreshForEachStart() {
        SigningKeys first = SigningKeys.from(auth(null, List.of()), AppEnvironment.DEV);
        SigningKeys second = SigningKeys.from(auth("", List.of()), AppEnvironment.DEV);

        assertThat(first.current().key().getEncoded()).hasSize(SigningKey.MIN_SECRET_BYTES);
        assertThat(first.current().keyId()).isNotEqualTo(second.current().keyId());
        assertThat(first.verifying()).containsExactly(first.current());
    }

    static GatewayProperties.Auth auth(String secret, List<String> previous) {
        return new GatewayProperties.Auth(
                secret, previous, Duration.ofHours(1), Duration.ofHours(8), Duration.ofSeconds(30), 30, null);
    }
}
