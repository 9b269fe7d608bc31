package io.askflow.activities.quota;

import java.util.Map;

/**
 * Per-user limits, keyed on the GitHub id.
 *
 * @param defaults what every user gets
 * @param reservedCompletionTokens tokens reserved for the answer on admission, on top of the question's
 *     estimated prompt tokens; settled to the real usage once the model answered
 * @param overrides per-user limits that replace the defaults
 */
public record QuotaLimits(Limit defaults, long reservedCompletionTokens, Map<Long, Limit> overrides) {

    /**
     * @param requestsPerMinute questions admitted in any sliding minute
     * @param tokensPerDay tokens (reserved and used) per UTC day
     */
    public record Limit(int requestsPerMinute, long tokensPerDay) {
        public Limit {
            if (requestsPerMinute < 1 || tokensPerDay < 1) {
                throw new IllegalArgumentException("limits must be at least 1");
            }
        }
    }

    public QuotaLimits {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        if (reservedCompletionTokens < 0) {
            throw new IllegalArgumentException("reserved-completion-tokens must be >= 0");
        }
    }

    public Limit of(long userId) {
        return overrides.getOrDefault(userId, defaults);
    }

    /** Tokens to reserve for a question: its prompt estimated at four characters a token, plus the answer. */
    public long estimate(int questionLength) {
        return (questionLength + 3) / 4 + reservedCompletionTokens;
    }
}
