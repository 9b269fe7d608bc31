package io.askflow.activities.quota;

import io.askflow.activities.model.ModelPrice;
import java.util.Map;

/**
 * Per-user limits, keyed on the GitHub id.
 *
 * @param defaults what every user gets
 * @param reservedCompletionTokens tokens reserved for the answer on admission, on top of the question's
 *     estimated prompt tokens; settled to the real usage once the model answered. The model call is capped at
 *     this many completion tokens, so the cost reserved for a question is never exceeded.
 * @param overrides per-user limits that replace the defaults
 * @param reservationPrice the price a question's cost is reserved at: the dearest of the configured models
 *     (null when a model has no price, and then spend limits cannot be enforced)
 */
public record QuotaLimits(
        Limit defaults, long reservedCompletionTokens, Map<Long, Limit> overrides, ModelPrice reservationPrice) {

    private static final double PER_MILLION = 1_000_000.0;
    /** Tokens a chat request adds around the question (roles, separators). */
    private static final long PROMPT_OVERHEAD_TOKENS = 16;

    /**
     * @param requestsPerMinute questions admitted in any sliding minute
     * @param tokensPerDay tokens (reserved and used) per UTC day
     * @param usdPerDay spend in USD (reserved and settled) per UTC day; null for no limit
     * @param usdPerMonth spend in USD per UTC calendar month; null for no limit
     */
    public record Limit(int requestsPerMinute, long tokensPerDay, Double usdPerDay, Double usdPerMonth) {
        public Limit {
            if (requestsPerMinute < 1 || tokensPerDay < 1) {
                throw new IllegalArgumentException("limits must be at least 1");
            }
            if ((usdPerDay != null && usdPerDay < 0) || (usdPerMonth != null && usdPerMonth < 0)) {
                throw new IllegalArgumentException("spend limits must be >= 0");
            }
        }
    }

    public QuotaLimits {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        if (reservedCompletionTokens < 0) {
            throw new IllegalArgumentException("reserved-completion-tokens must be >= 0");
        }
    }

    /** The user's limits: an override's, with the default spend limits where the override names none. */
    public Limit of(long userId) {
        Limit override = overrides.get(userId);
        if (override == null) {
            return defaults;
        }
        return new Limit(
                override.requestsPerMinute(),
                override.tokensPerDay(),
                override.usdPerDay() != null ? override.usdPerDay() : defaults.usdPerDay(),
                override.usdPerMonth() != null ? override.usdPerMonth() : defaults.usdPerMonth());
    }

    /** Tokens to reserve for a question: its prompt estimated at four characters a token, plus the answer. */
    public long estimate(int questionLength) {
        return (questionLength + 3) / 4 + reservedCompletionTokens;
    }

    /**
     * USD to reserve for a question: an upper bound, not an estimate. A token is at least one byte of UTF-8
     * and a Java char at most three, so the prompt is at most three tokens a char plus the request's overhead;
     * the answer is capped at the reserved completion tokens; both at the dearest configured price.
     */
    public double reservedUsd(int questionLength) {
        if (reservationPrice == null) {
            return 0;
        }
        long promptTokens = 3L * questionLength + PROMPT_OVERHEAD_TOKENS;
        return (promptTokens * reservationPrice.input() + reservedCompletionTokens * reservationPrice.output())
                / PER_MILLION;
    }
}
