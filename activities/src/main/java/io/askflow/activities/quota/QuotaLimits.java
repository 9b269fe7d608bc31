package io.askflow.activities.quota;

/** @param requestsPerMinute questions one user may have admitted in any sliding minute */
public record QuotaLimits(int requestsPerMinute) {

    public QuotaLimits {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requests-per-minute must be at least 1");
        }
    }
}
