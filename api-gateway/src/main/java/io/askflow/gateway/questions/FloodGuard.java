package io.askflow.gateway.questions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.web.ApiException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The gateway's cheap first line against floods, before anything touches the database or Temporal:
 * resilience4j rate limiters per user and per client address on question submissions, and a bulkhead on
 * concurrent synchronous waits. In memory on purpose — a per-process shock absorber; the real per-user
 * limits are counted in the database by CheckQuota and hold across every gateway and worker.
 */
@Component
class FloodGuard {

    private final RateLimiterConfig perUser;
    private final RateLimiterConfig perAddress;
    private final Bulkhead syncWaits;
    private final Cache<String, RateLimiter> limiters = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(200_000)
            .build();

    FloodGuard(GatewayProperties properties) {
        GatewayProperties.Flood flood = properties.gateway().flood();
        perUser = perSecond(flood.userRequestsPerSecond());
        perAddress = perSecond(flood.addressRequestsPerSecond());
        syncWaits = Bulkhead.of(
                "sync-waits",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(flood.maxConcurrentSyncWaits())
                        .maxWaitDuration(Duration.ZERO)
                        .build());
    }

    /** Refuses with 429 when this user or this address submits faster than allowed. */
    void admit(long userId, String address) {
        if (!limiter("user:" + userId, perUser).acquirePermission()
                || !limiter("address:" + address, perAddress).acquirePermission()) {
            throw refusal(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-requests",
                    "Too many requests",
                    "Slow down: too many questions in a short time.");
        }
    }

    /** Runs a synchronous wait inside the bulkhead, or refuses with 503 when too many are waiting already. */
    <T> T waitSynchronously(Supplier<T> wait) {
        if (!syncWaits.tryAcquirePermission()) {
            throw refusal(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "busy",
                    "Busy",
                    "Too many questions are being answered right now; retry, or use POST /questions.");
        }
        try {
            return wait.get();
        } finally {
            syncWaits.onComplete();
        }
    }

    private RateLimiter limiter(String key, RateLimiterConfig config) {
        return limiters.get(key, k -> RateLimiter.of(k, config));
    }

    private static RateLimiterConfig perSecond(int limit) {
        return RateLimiterConfig.custom()
                .limitForPeriod(limit)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    private static ApiException refusal(HttpStatus status, String type, String title, String detail) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return new ApiException(status, type, title, detail, Map.of(), headers);
    }
}
