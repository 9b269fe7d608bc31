package io.askflow.gateway.security;

import io.askflow.gateway.apikeys.ApiKeyRepository;
import io.askflow.gateway.apikeys.ApiKeySecrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Authenticates a personal API key by its hash, in the database, on every request: no cache, so a revoked key is
 * refused at once by every gateway. The key becomes the same principal a token gives (a {@link Jwt} with the
 * owner's GitHub id as subject and login as name), so limits, history and audit count it as that user.
 */
@Component
class ApiKeyAuthenticator {

    /** A key's last use is written at most this often, so a busy program does not turn every read into a write. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final Clock clock;

    ApiKeyAuthenticator(ApiKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    JwtAuthenticationToken authenticate(String key) {
        if (!ApiKeySecrets.wellFormed(key)) {
            throw new InvalidBearerTokenException("malformed API key");
        }
        ApiKeyRepository.ActiveKey found = keys.findActive(ApiKeySecrets.hash(key))
                .orElseThrow(() -> new InvalidBearerTokenException("unknown or revoked API key"));
        long now = clock.millis();
        long notBefore = now - LAST_USED_RESOLUTION.toMillis();
        if (found.lastUsedAt() == null || found.lastUsedAt() < notBefore) {
            keys.touch(found.id(), now, notBefore);
        }
        Jwt principal = Jwt.withTokenValue("api-key:" + found.id())
                .header("typ", "api-key")
                .subject(Long.toString(found.userId()))
                .claim("name", found.login())
                .claim("api_key_id", found.id())
                .issuedAt(Instant.ofEpochMilli(now))
                .build();
        return new JwtAuthenticationToken(principal, List.of(Credentials.API_KEY_AUTHORITY), principal.getSubject());
    }
}
