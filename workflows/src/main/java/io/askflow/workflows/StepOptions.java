package io.askflow.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the configured {@link StepSettings} into Temporal activity options keyed by step name, so the
 * workflow code never hard-codes a retry policy.
 */
public final class StepOptions {

    private StepOptions() {}

    /** AskWorkflow's registration options: every step's regular and local activity options. */
    public static WorkflowImplementationOptions implementationOptions(Map<String, StepSettings> steps) {
        return apply(WorkflowImplementationOptions.newBuilder(), steps).build();
    }

    /** Sets every step's regular and local activity options on a registration's builder. */
    public static WorkflowImplementationOptions.Builder apply(
            WorkflowImplementationOptions.Builder builder, Map<String, StepSettings> steps) {
        return builder.setActivityOptions(activityOptions(steps)).setLocalActivityOptions(localActivityOptions(steps));
    }

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

    /**
     * The options of the steps that run as local activities ({@link Steps#LOCAL}), from the same settings as
     * their regular options: the regular ones still serve histories recorded before those steps became local.
     */
    public static Map<String, LocalActivityOptions> localActivityOptions(Map<String, StepSettings> steps) {
        Map<String, LocalActivityOptions> options = new LinkedHashMap<>();
        for (String step : Steps.LOCAL) {
            StepSettings settings = settingsFor(steps, step);
            if (settings == null) {
                throw new IllegalArgumentException("no settings for step " + step);
            }
            options.put(
                    step,
                    LocalActivityOptions.newBuilder()
                            .setStartToCloseTimeout(settings.timeout())
                            .setRetryOptions(retryOptions(settings.retries(), settings.maxAttempts()))
                            .build());
        }
        return options;
    }

    /** The settings an activity type runs under: its step's own, and CheckQuota's for its compensation. */
    public static StepSettings settingsFor(Map<String, StepSettings> steps, String activityType) {
        return steps.get(Steps.RELEASE_QUOTA.equals(activityType) ? Steps.CHECK_QUOTA : activityType);
    }

    static ActivityOptions toActivityOptions(StepSettings settings) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(settings.timeout())
                .setHeartbeatTimeout(settings.heartbeat())
                .setRetryOptions(retryOptions(settings.retries(), settings.maxAttempts()))
                .build();
    }

    private static RetryOptions retryOptions(StepSettings.Retries retries, int maxAttempts) {
        // Temporal's own backoff is geometric; CONSTANT and LINEAR use coefficient 1 and LINEAR's growing
        // delay is set per failure by the worker's step interceptor (ApplicationFailure next-retry delay).
        double coefficient = retries.backoff() == Backoff.EXPONENTIAL ? 2.0 : 1.0;
        Duration maxInterval = retries.backoff().delayBeforeRetry(retries.delay(), Math.max(1, retries.limit()));
        return RetryOptions.newBuilder()
                .setInitialInterval(retries.delay())
                .setBackoffCoefficient(coefficient)
                .setMaximumInterval(maxInterval)
                .setMaximumAttempts(maxAttempts)
                .setDoNotRetry(FailureType.permanentTypeNames())
                .build();
    }
}
