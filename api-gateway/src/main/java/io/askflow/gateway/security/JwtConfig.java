package io.askflow.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.askflow.gateway.GatewayProperties;
import io.askflow.runtime.AppEnvironment;
import java.security.Key;
import java.util.List;
import java.util.Objects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The gateway's own tokens: HS256 only, a known {@code kid} required, issuer and audience naming the
 * environment (a staging token is refused by production), {@code exp} required, a small clock skew.
 */
@Configuration(proxyBeanMethods = false)
class JwtConfig {

    static String issuer(AppEnvironment environment) {
        return "askflow-" + environment.profile();
    }

    @Bean
    SigningKeys signingKeys(GatewayProperties properties, AppEnvironment environment) {
        return SigningKeys.from(properties.auth(), environment);
    }

    @Bean
    JwtEncoder jwtEncoder(SigningKeys keys) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk(keys.current()))));
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, GatewayProperties properties, AppEnvironment environment) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // Keys are chosen by kid and must be HS256: a token without a kid, with an unknown kid, with
        // alg=none or any other algorithm finds no key and is rejected.
        processor.setJWSKeySelector((header, context) -> {
            if (!JWSAlgorithm.HS256.equals(header.getAlgorithm()) || header.getKeyID() == null) {
                return List.of();
            }
            return keys.verifying().stream()
                    .filter(key -> header.getKeyID().equals(key.keyId()))
                    .map(key -> (Key) key.key())
                    .toList();
        });
        // Claims are checked by the validators below, with this environment's skew.
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        String issuer = issuer(environment);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(properties.auth().clockSkew()),
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(issuer)),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, CurrentUser::isUserId));
        decoder.setJwtValidator(validator);
        return decoder;
    }

    private static OctetSequenceKey jwk(SigningKey key) {
        return new OctetSequenceKey.Builder(key.key())
                .keyID(key.keyId())
                .algorithm(JWSAlgorithm.HS256)
                .build();
    }
}
