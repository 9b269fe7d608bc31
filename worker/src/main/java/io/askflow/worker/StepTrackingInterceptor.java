package io.askflow.worker;

import io.askflow.activities.persistence.StepProgressStore;
import io.askflow.workflows.Backoff;
import io.askflow.workflows.FailureType;
import io.askflow.workflows.StepSettings;
import io.askflow.workflows.WorkflowIds;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps every step attempt: records its progress (status, attempts, last failure) for the question resource,
 * logs it, and applies LINEAR backoff, which Temporal's geometric retry policy cannot express, by setting the
 * next retry delay on the failure.
 */
class StepTrackingInterceptor extends WorkerInterceptorBase {

    private static final Logger log = LoggerFactory.getLogger(StepTrackingInterceptor.class);

    private final StepProgressStore progress;
    private final Map<String, StepSettings> steps;
    private final Clock clock;

    StepTrackingInterceptor(StepProgressStore progress, Map<String, StepSettings> steps, Clock clock) {
        this.progress = progress;
        this.steps = steps;
        this.clock = clock;
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new Tracking(next);
    }

    private final class Tracking extends ActivityInboundCallsInterceptorBase {

        private ActivityExecutionContext context;

        Tracking(ActivityInboundCallsInterceptor next) {
            super(next);
        }

        @Override
        public void init(ActivityExecutionContext context) {
            this.context = context;
            super.init(context);
        }

        @Override
        public ActivityOutput execute(ActivityInput input) {
            ActivityInfo info = context.getInfo();
            String step = info.getActivityType();
            String questionId = WorkflowIds.questionId(info.getWorkflowId());
            int attempt = info.getAttempt();
            progress.attemptStarted(questionId, step, attempt, clock.millis());
            try {
                ActivityOutput output = super.execute(input);
                progress.attemptFinished(questionId, step, "completed", null, clock.millis());
                log.info("step {} of question {} completed on attempt {}", step, questionId, attempt);
                return output;
            } catch (RuntimeException e) {
                StepSettings settings = steps.get(step);
                boolean willRetry = settings != null && attempt < settings.maxAttempts() && isRetryable(e);
                String failure = e.getMessage();
                progress.attemptFinished(questionId, step, willRetry ? "retrying" : "failed", failure, clock.millis());
                log.warn(
                        "step {} of question {} failed on attempt {} ({}): {}",
                        step,
                        questionId,
                        attempt,
                        willRetry ? "will retry" : "giving up",
                        failure);
                if (willRetry && settings.retries().backoff() == Backoff.LINEAR) {
                    throw withDelay(
                            e,
                            settings.retries()
                                    .backoff()
                                    .delayBeforeRetry(settings.retries().delay(), attempt));
                }
                throw e;
            }
        }
    }

    private static boolean isRetryable(RuntimeException e) {
        if (e instanceof ApplicationFailure failure) {
            return !failure.isNonRetryable()
                    && Arrays.stream(FailureType.permanentTypeNames()).noneMatch(failure.getType()::equals);
        }
        return true;
    }

    private static RuntimeException withDelay(RuntimeException e, Duration delay) {
        if (e instanceof ApplicationFailure failure) {
            failure.setNextRetryDelay(delay);
            return failure;
        }
        return ApplicationFailure.newFailureWithCauseAndDelay(
                e.getMessage(), e.getClass().getName(), e, delay);
    }
}
