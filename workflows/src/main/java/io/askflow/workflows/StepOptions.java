package io.askflow.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the configured {@link StepSettings} into Temporal activity options keyed by step name, so the
 * workflow code never hard-codes a retry policy.
 */
public final class StepOptions {

    private StepOptions() {}

    public static Map<String, ActivityOptions> activityOptions(Map<String, StepSettings> steps) {
        Map<String, ActivityOptions> options = new LinkedHashMap<>();
        for (String step : Steps.ALL) {
            StepSettings settings = steps.get(step);
            if (settings == null) {
                throw new IllegalArgumentException("no settings for step " + step);
            }
            options.put(step, toActivityOptions(settings));
        }
        options.put(Steps.RELEASE_QUOTA, toActivityOptions(settingsFor(steps, Steps.RELEASE_QUOTA)));
        return options;
    }

    /** The settings an activity type runs under: its step's own, and CheckQuota's for its compensation. */
    public static StepSettings settingsFor(Map<String, StepSettings> steps, String activityType) {
        return steps.get(Steps.RELEASE_QUOTA.equals(activityType) ? Steps.CHECK_QUOTA : activityType);
    }

    static ActivityOptions toActivityOptions(StepSettings settings) {
        StepSettings.Retries retries = settings.retries();
        // Temporal's own backoff is geometric; CONSTANT and LINEAR use coefficient 1 and LINEAR's growing
        // delay is set per failure by the worker's step interceptor (ApplicationFailure next-retry delay).
        double coefficient = retries.backoff() == Backoff.EXPONENTIAL ? 2.0 : 1.0;
        Duration maxInterval = retries.backoff().delayBeforeRetry(retries.delay(), Math.max(1, retries.limit()));
        RetryOptions retryOptions = RetryOptions.newBuilder()
                .setInitialInterval(retries.delay())
                .setBackoffCoefficient(coefficient)
                .setMaximumInterval(maxInterval)
                .setMaximumAttempts(settings.maxAttempts())
                .setDoNotRetry(FailureType.permanentTypeNames())
                .build();
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(settings.timeout())
                .setRetryOptions(retryOptions)
                .build();
    }
}
