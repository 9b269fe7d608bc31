package io.askflow.workflows;

import java.time.Duration;
import java.util.Objects;

/**
 * One step's retry policy and per-attempt timeout, as written under {@code askflow.steps.<step>}.
 *
 * @param retries how often and how fast to retry after the first attempt
 * @param timeout the limit for one attempt (Temporal's start-to-close timeout)
 * @param heartbeat for a step that heartbeats while it works (GenerateAnswer, as it streams): how long a silent
 *     attempt may go before Temporal counts it as lost and retries it; null for steps that do not heartbeat.
 *     It is what lets a worker killed mid-answer be noticed in seconds rather than after the whole timeout,
 *     and what carries a cancellation to a running attempt.
 */
public record StepSettings(Retries retries, Duration timeout, Duration heartbeat) {

    public StepSettings {
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("step timeout must be positive");
        }
        if (heartbeat != null && (heartbeat.isNegative() || heartbeat.isZero())) {
            throw new IllegalArgumentException("step heartbeat must be positive");
        }
    }

    /**
     * @param limit retries after the first attempt, so a step runs at most {@code limit + 1} times
     * @param delay the delay before the first retry
     * @param backoff how the delay grows
     */
    public record Retries(int limit, Duration delay, Backoff backoff) {
        public Retries {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(backoff, "backoff");
            if (limit < 0) {
                throw new IllegalArgumentException("retry limit must be >= 0");
            }
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("retry delay must be positive");
            }
        }
    }

    public int maxAttempts() {
        return retries.limit() + 1;
    }
}
