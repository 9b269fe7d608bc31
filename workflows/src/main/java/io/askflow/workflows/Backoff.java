package io.askflow.workflows;

import java.time.Duration;

/** How the delay between a step's attempts grows. */
public enum Backoff {
    /** delay, delay, delay, ... */
    CONSTANT,
    /** delay, 2 x delay, 3 x delay, ... */
    LINEAR,
    /** delay, 2 x delay, 4 x delay, ... */
    EXPONENTIAL;

    /** The delay before retry number {@code retry} (1 for the first retry). */
    public Duration delayBeforeRetry(Duration delay, int retry) {
        return switch (this) {
            case CONSTANT -> delay;
            case LINEAR -> delay.multipliedBy(retry);
            case EXPONENTIAL -> delay.multipliedBy(1L << Math.min(retry - 1, 30));
        };
    }
}
