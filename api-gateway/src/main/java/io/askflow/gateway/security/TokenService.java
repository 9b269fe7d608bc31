package io.askflow.gateway.security;

import io.askflow.gateway.GatewayProperties;
import io.askflow.runtime.AppEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;

/** Issues the gateway's own short-lived tokens: {@code sub} is the GitHub id, {@code name} the login. */
@Service
public class TokenService {

    private final JwtEncoder encoder;
    private final SigningKeys keys;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;

    TokenService(
            JwtEncoder encoder,
            SigningKeys keys,
            GatewayProperties properties,
            AppEnvironment environment,
            Clock clock) {
        this.encoder = encoder;
        this.keys = keys;
        this.issuer = JwtConfig.issuer(environment);
        this.ttl = properties.auth().tokenTtl();
        this.clock = clock;
    }

    public IssuedToken issue(long userId, String login) {
        return issue(userId, login, ttl);
    }

    /** A token of another lifetime: the web app's session cookie holds one that lasts the session. */
    public IssuedToken issue(long userId, String login, Duration lifetime) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(Long.toString(userId))
                .claim("name", login)
                .issuer(issuer)
                .audience(List.of(issuer))
                .issuedAt(now)
                .expiresAt(expiresAt)
                .id(UUID.randomUUID().toString())
                .build();
        JwsHeader header =
                JwsHeader.with(MacAlgorithm.HS256).keyId(keys.current().keyId()).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new IssuedToken(token, expiresAt);
    }

    public record IssuedToken(String value, Instant expiresAt) {}
}
