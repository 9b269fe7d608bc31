package io.askflow.gateway.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.askflow.gateway.GatewayProperties;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Slows down password-spraying and code-guessing on {@code /auth/*}: a resilience4j rate limiter per client
 * address. In memory on purpose: it is a cheap first line per gateway, not an account limit (those live in
 * the database); the limiters of idle addresses are dropped after ten minutes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class AuthRateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuthRateLimitFilter.class);

    private final RateLimiterConfig config;
    private final ObjectMapper mapper;
    private final Cache<String, RateLimiter> limiters = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    AuthRateLimitFilter(GatewayProperties properties, ObjectMapper mapper) {
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(properties.auth().requestsPerMinutePerAddress())
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO)
                .build();
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/auth/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        RateLimiter limiter = limiters.get(address, key -> RateLimiter.of("auth-" + key, config));
        if (!limiter.acquirePermission()) {
            log.warn(
                    "authentication failed: request_id={} endpoint={} {} reason=\"rate limited: too many sign-in "
                            + "requests from this address\"",
                    RequestIds.of(request),
                    request.getMethod(),
                    request.getRequestURI());
            response.setHeader("Retry-After", "60");
            Problems.write(
                    response,
                    mapper,
                    Problems.of(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "too-many-sign-ins",
                            "Too many sign-in requests",
                            "Too many sign-in requests from your address; try again in a minute.",
                            request));
            return;
        }
        chain.doFilter(request, response);
    }
}
