package io.askflow.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.askflow.gateway.GatewayProperties;
import io.askflow.runtime.AppEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** Issuing and verifying through the same beans the gateway uses, without Spring: rotation and claims. */
class TokenServiceTest {

    static final String OLD = "old-signing-secret-0123456789-abcdefghijkl";
    static final String NEW = "new-signing-secret-0123456789-abcdefghijkl";

    final JwtConfig config = new JwtConfig();
    // the decoder checks expiry against the real clock; token times have whole seconds
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void anIssuedTokenCarriesTheDocumentedClaimsAndTheCurrentKid() {
        Gateway gateway = gateway(NEW, List.of(), AppEnvironment.PRODUCTION, now);

        TokenService.IssuedToken issued = gateway.tokens().issue(583231, "octocat");
        Jwt jwt = gateway.decoder().decode(issued.value());

        assertThat(jwt.getHeaders())
                .containsEntry("alg", "HS256")
                .containsEntry("kid", SigningKey.of(NEW).keyId());
        assertThat(jwt.getSubject()).isEqualTo("583231");
        assertThat(jwt.getClaimAsString("name")).isEqualTo("octocat");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("askflow-production");
        assertThat(jwt.getAudience()).containsExactly("askflow-production");
        assertThat(jwt.getIssuedAt()).isEqualTo(now);
        assertThat(jwt.getExpiresAt()).isEqualTo(now.plus(Duration.ofHours(1))).isEqualTo(issued.expiresAt());
        assertThat(jwt.getId()).isNotBlank();
    }

    @Test
    void rotationKeepsOldTokensValidUntilTheOldSecretIsRemoved() {
        String beforeRotation = gateway(OLD, List.of(), AppEnvironment.PRODUCTION, now)
                .tokens()
                .issue(1, "a")
                .value();

        Gateway rotated = gateway(NEW, List.of(OLD), AppEnvironment.PRODUCTION, now);
        String afterRotation = rotated.tokens().issue(1, "a").value();

        assertThat(rotated.decoder().decode(beforeRotation).getHeaders())
                .containsEntry("kid", SigningKey.of(OLD).keyId());
        assertThat(rotated.decoder().decode(afterRotation).getHeaders())
                .containsEntry("kid", SigningKey.of(NEW).keyId());

        JwtDecoder oldSecretRemoved =
                gateway(NEW, List.of(), AppEnvironment.PRODUCTION, now).decoder();
        assertThatThrownBy(() -> oldSecretRemoved.decode(beforeRotation)).isInstanceOf(JwtException.class);
        assertThat(oldSecretRemoved.decode(afterRotation).getSubject()).isEqualTo("1");
    }

    @Test
    void aTokenFromAnotherEnvironmentIsRefusedEvenWithTheSameSecret() {
        String staging = gateway(NEW, List.of(), AppEnvironment.STAGING, now)
                .tokens()
                .issue(1, "a")
                .value();
        JwtDecoder production =
                gateway(NEW, List.of(), AppEnvironment.PRODUCTION, now).decoder();

        assertThatThrownBy(() -> production.decode(staging))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("iss");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String issuedTwoHoursAgo = gateway(NEW, List.of(), AppEnvironment.PRODUCTION, now.minus(Duration.ofHours(2)))
                .tokens()
                .issue(1, "a")
                .value();

        Gateway current = gateway(NEW, List.of(), AppEnvironment.PRODUCTION, now);
        String fresh = current.tokens().issue(1, "a").value();

        assertThat(current.decoder().decode(fresh).getSubject()).isEqualTo("1");
        assertThatThrownBy(() -> current.decoder().decode(issuedTwoHoursAgo))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("expired");
    }

    record Gateway(TokenService tokens, JwtDecoder decoder) {}

    private Gateway gateway(String secret, List<String> previous, AppEnvironment environment, Instant at) {
        GatewayProperties properties = new GatewayProperties(
                null,
                new GatewayProperties.Auth(
                        secret, previous, Duration.ofHours(1), Duration.ofHours(8), Duration.ofSeconds(30), 30, null),
                List.of());
        SigningKeys keys = config.signingKeys(properties, environment);
        TokenService tokens = new TokenService(
                config.jwtEncoder(keys), keys, properties, environment, Clock.fixed(at, ZoneOffset.UTC));
        return new Gateway(tokens, config.jwtDecoder(keys, properties, environment));
    }
}
