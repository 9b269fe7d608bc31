package io.askflow.gateway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.askflow.gateway.GatewayProperties;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Stateless bearer-token security: the gateway validates its own HS256 tokens with Spring Security's
 * resource server. Issuer and audience name the environment, so a token from staging fails in production.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static String issuer(GatewayProperties properties) {
        return "askflow-" + properties.env();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SigningKey signingKey(GatewayProperties properties) {
        return SigningKey.from(properties);
    }

    @Bean
    JwtEncoder jwtEncoder(SigningKey signingKey) {
        // The JWK carries the key id, so the encoder can select it for headers that name their kid.
        OctetSequenceKey jwk = new OctetSequenceKey.Builder(signingKey.key())
                .keyID(signingKey.keyId())
                .algorithm(JWSAlgorithm.HS256)
                .build();
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKey signingKey, GatewayProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(signingKey.key())
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        String issuer = issuer(properties);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                // issuer plus exp/nbf checks with a small clock skew
                JwtValidators.createDefaultWithIssuer(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(issuer)),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, SecurityConfig::isNumericId));
        decoder.setJwtValidator(validator);
        return decoder;
    }

    private static boolean isNumericId(String subject) {
        if (subject == null || subject.isEmpty() || subject.length() > 19) {
            return false;
        }
        try {
            return Long.parseLong(subject) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ObjectMapper mapper) throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(mapper);
        Converter<Jwt, AbstractAuthenticationToken> converter = jwt -> {
            if (!isNumericId(jwt.getSubject())) {
                throw new BadJwtException("subject is not a user id");
            }
            return new JwtAuthenticationToken(jwt, List.of(), jwt.getSubject());
        };
        http
                // Bearer tokens in a header, no cookies: there is no session for CSRF to ride on.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/auth/**",
                                "/actuator/health",
                                "/actuator/health/**",
                                "/actuator/prometheus",
                                "/v3/api-docs/**",
                                "/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }
}
