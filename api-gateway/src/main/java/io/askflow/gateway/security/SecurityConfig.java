package io.askflow.gateway.security;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.github.GithubSignIn;
import io.askflow.gateway.web.Problems;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.ObjectMapper;

/**
 * Stateless bearer-token security with Spring Security's resource server, GitHub sign-in with its OAuth
 * client, strict headers on every response and no CORS unless origins are configured.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** Nothing AskFlow serves is meant to render or be framed; the API answers JSON only. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http, ObjectMapper mapper, GatewayProperties properties, GithubSignIn github)
            throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(mapper);
        Converter<Jwt, AbstractAuthenticationToken> converter = jwt -> {
            if (!CurrentUser.isUserId(jwt.getSubject())) {
                throw new BadJwtException("subject is not a user id");
            }
            return new JwtAuthenticationToken(jwt, List.of(), jwt.getSubject());
        };
        http
                // Bearer tokens in a header, no cookies: there is no session for CSRF to ride on.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.frameOptions(frame -> frame.deny())
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        .requestMatchers(
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
        UrlBasedCorsConfigurationSource cors = new UrlBasedCorsConfigurationSource();
        // first, so that it wins over /**: the codec endpoint answers the Temporal UI's origin only
        CodecCors.register(cors, properties.gateway().temporalUiUrl());
        List<String> origins = properties.gateway().corsAllowedOrigins();
        if (!origins.isEmpty()) {
            cors.registerCorsConfiguration("/**", apiCors(origins));
        }
        if (cors.getCorsConfigurations().isEmpty()) {
            http.cors(c -> c.disable());
        } else {
            http.cors(c -> c.configurationSource(cors));
        }
        github.configure(http);
        return http.build();
    }

    /**
     * Spring Security's strict firewall, letting the standard methods and QUERY through to Spring MVC, which
     * answers 405 with {@code Allow} for those a path does not serve (the firewall would answer 400).
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHttpMethods(List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY"));
        return firewall;
    }

    /** What the firewall refuses before anything runs is a 400 problem too (see Problems#requestRejected). */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper mapper) {
        return (request, response, e) -> Problems.write(response, mapper, Problems.requestRejected(request));
    }

    private static CorsConfiguration apiCors(List<String> origins) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(origins);
        config.setAllowedMethods(List.of("GET", "POST"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"));
        config.setExposedHeaders(List.of("Location", "Retry-After", "X-Request-Id"));
        config.setMaxAge(600L);
        return config;
    }
}
