package io.askflow.gateway.security;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.apikeys.ApiKeySecrets;
import io.askflow.gateway.github.GithubSignIn;
import io.askflow.gateway.web.Problems;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.ObjectMapper;

/**
 * Who may call what, and how they say who they are: a gateway token or a personal API key in the Authorization
 * header (Spring Security's resource server), or the web app's session cookie with a CSRF token (without one on
 * the codec endpoint, for the Temporal UI); GitHub sign-in
 * with its OAuth client; strict headers on every response; no CORS unless origins are configured. Nothing is
 * kept in a server session.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** Nothing AskFlow serves is meant to render or be framed; the API answers JSON only. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** The web app's pages: its own scripts, styles and API only; no inline script, no other origin. */
    static final String WEB_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** The web app's static files, served by Spring MVC from {@code classpath:/static}. */
    static final String[] WEB_PAGES = {"/", "/index.html", "/app/**"};

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            ObjectMapper mapper,
            GatewayProperties properties,
            GithubSignIn github,
            JwtDecoder jwtDecoder,
            ApiKeyAuthenticator apiKeys,
            BrowserSession sessions)
            throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(mapper);
        RequestMatcher webPages = anyOf(WEB_PAGES);
        RequestMatcher publicPaths = new OrRequestMatcher(
                webPages,
                anyOf(
                        "/auth/**",
                        "/actuator/health",
                        "/actuator/health/**",
                        "/actuator/prometheus",
                        "/v3/api-docs/**",
                        "/error"));
        JwtAuthenticationProvider tokens = new JwtAuthenticationProvider(jwtDecoder);
        tokens.setJwtAuthenticationConverter(jwt -> {
            if (!CurrentUser.isUserId(jwt.getSubject())) {
                throw new BadJwtException("subject is not a user id");
            }
            return new JwtAuthenticationToken(jwt, List.of(), jwt.getSubject());
        });
        // A header credential is an API key when it says so by its prefix, else one of our tokens.
        AuthenticationManager headerCredentials = authentication -> {
            String credential = ((BearerTokenAuthenticationToken) authentication).getToken();
            return ApiKeySecrets.looksLikeKey(credential)
                    ? apiKeys.authenticate(credential)
                    : as(tokens.authenticate(authentication), Credentials.TOKEN_AUTHORITY);
        };
        // The cookie only ever holds a token the gateway issued for a session, never an API key.
        AuthenticationManager sessionCookie =
                authentication -> as(tokens.authenticate(authentication), Credentials.SESSION_AUTHORITY);
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        BearerTokenResolver credentials = request -> {
            if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
                return header.resolve(request);
            }
            // The cookie counts only once the request is past the CSRF check, and not on the pages and sign-in
            // routes, which an expired cookie must not turn into 401s.
            return request.getAttribute(CsrfCookieFilter.CSRF_CHECKED) == null || publicPaths.matches(request)
                    ? null
                    : BrowserSession.token(request);
        };
        CookieCsrfTokenRepository csrfTokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookieCustomizer(
                cookie -> cookie.secure(sessions.secure()).sameSite("Lax").path("/"));
        http
                // Only requests riding on the session cookie need a CSRF token: a browser attaches cookies by
                // itself, but never an Authorization header, so bearer requests cannot be forged cross-site.
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        // Spring would otherwise renew the token on every authenticated request (there is no
                        // server session to say it is the same sign-in), so a page's concurrent requests would
                        // race each other's tokens; BrowserSession renews it at sign-in instead.
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy())
                        .requireCsrfProtectionMatcher(request -> !SAFE_METHODS.contains(request.getMethod())
                                && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                                && BrowserSession.token(request) != null)
                        // The codec endpoint takes the session cookie without a CSRF token: the Temporal UI calls
                        // it from its own origin and cannot know the web app's token. There is nothing to forge:
                        // decoding and encoding change nothing on the server, so a forged call could only matter
                        // by its answer, and that only the Temporal UI's origin may read (CodecCors). Requests from
                        // other sites do not even carry the cookie (SameSite=Lax); a page of another origin of the
                        // same site cannot send the JSON body without passing the CORS preflight, which only the
                        // Temporal UI's origin passes, and any other body is refused (415).
                        .ignoringRequestMatchers(anyOf(CodecCors.PATHS)))
                .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.frameOptions(frame -> frame.deny())
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                webPages, new ContentSecurityPolicyHeaderWriter(WEB_CONTENT_SECURITY_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(webPages),
                                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY))))
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        // a session starts from a token, not from an API key or another session
                        .requestMatchers(HttpMethod.POST, "/auth/session")
                        .hasAuthority(Credentials.TOKEN)
                        .requestMatchers(publicPaths)
                        .permitAll()
                        // A key cannot manage keys: a leaked key must not mint keys that outlive its revocation.
                        .requestMatchers("/api-keys", "/api-keys/**")
                        .hasAnyAuthority(Credentials.TOKEN, Credentials.SESSION)
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(oauth -> oauth.bearerTokenResolver(credentials)
                        .authenticationManagerResolver(request -> request.getHeader(HttpHeaders.AUTHORIZATION) == null
                                ? sessionCookie
                                : headerCredentials)
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

    private static JwtAuthenticationToken as(Authentication authentication, GrantedAuthority credential) {
        JwtAuthenticationToken token = (JwtAuthenticationToken) authentication;
        return new JwtAuthenticationToken(token.getToken(), List.of(credential), token.getName());
    }

    private static RequestMatcher anyOf(String... patterns) {
        return new OrRequestMatcher(Stream.of(patterns)
                .map(pattern -> (RequestMatcher)
                        PathPatternRequestMatcher.withDefaults().matcher(pattern))
                .toList());
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
