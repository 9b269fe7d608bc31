package io.askflow.worker;

import io.askflow.activities.persistence.StepProgressStore;
import io.askflow.workflows.Backoff;
import io.askflow.workflows.FailureType;
import io.askflow.workflows.StepOptions;
import io.askflow.workflows.StepSettings;
import io.askflow.workflows.StepStatus;
import io.askflow.workflows.Steps;
import io.askflow.workflows.WorkflowIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Wraps every step attempt: records its progress (status, attempts, last failure) for the question resource,
 * logs it, and applies LINEAR backoff, which Temporal's geometric retry policy cannot express, by setting the
 * next retry delay on the failure.
 *
 * <p>Progress costs no transaction of its own on the happy path: a step that is one database transaction
 * ({@link Steps#SINGLE_TRANSACTION}) commits its completion with its work here; the model step
 * ({@link Steps#RECORD_OWN_PROGRESS}) records its attempts with its own stream writes. A failed attempt of any
 * step is recorded here, after the step's transaction rolled back.
 */
class StepTrackingInterceptor extends WorkerInterceptorBase {

    private static final Logger log = LoggerFactory.getLogger(StepTrackingInterceptor.class);
    private static final String ASK_WORKFLOW = "AskWorkflow";

    private final StepProgressStore progress;
    private final Map<String, StepSettings> steps;
    private final Clock clock;
    private final MeterRegistry meters;

    StepTrackingInterceptor(
            StepProgressStore progress, Map<String, StepSettings> steps, Clock clock, MeterRegistry meters) {
        this.progress = progress;
        this.steps = steps;
        this.clock = clock;
        this.meters = meters;
    }

    /** One attempt's duration, tagged with the step and how the attempt ended (completed, retrying, failed). */
    private void recordAttempt(String step, StepStatus outcome, long startedNanos) {
        Timer.builder("askflow.step.attempts")
                .description("Step attempts by outcome; count is attempts, sum is time spent")
                .tag("step", step)
                .tag("outcome", outcome.wireName())
                .publishPercentileHistogram()
                .register(meters)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
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
            if (!ASK_WORKFLOW.equals(info.getWorkflowType())) {
                return super.execute(input); // housekeeping: not a question's step
            }
            String step = info.getActivityType();
            String questionId = WorkflowIds.questionId(info.getWorkflowId());
            int attempt = info.getAttempt();
            long startedNanos = System.nanoTime();
            MDC.put("workflow_id", info.getWorkflowId());
            MDC.put("question_id", questionId);
            MDC.put("step", step);
            MDC.put("attempt", Integer.toString(attempt));
            long startedAt = clock.millis();
            try {
                ActivityOutput output;
                if (Steps.SINGLE_TRANSACTION.contains(step)) {
                    output = progress.inAttemptTransaction(
                            questionId, step, attempt, startedAt, clock::millis, () -> super.execute(input));
                } else if (Steps.RECORD_OWN_PROGRESS.contains(step)) {
                    output = super.execute(input);
                } else {
                    // every step is in one of the two sets (StepsTest): a new step must say how
                    throw new IllegalStateException("step " + step + " does not say how its progress is recorded");
                }
                recordAttempt(step, StepStatus.COMPLETED, startedNanos);
                MDC.put("outcome", StepStatus.COMPLETED.wireName());
                log.info("step {} of question {} completed on attempt {}", step, questionId, attempt);
                return output;
            } catch (RuntimeException e) {
                StepSettings settings = StepOptions.settingsFor(steps, step);
                boolean willRetry = settings != null && attempt < settings.maxAttempts() && isRetryable(e);
                String failure = failureMessage(e);
                StepStatus outcome = willRetry ? StepStatus.RETRYING : StepStatus.FAILED;
                progress.attemptFinished(questionId, step, attempt, outcome, failure, startedAt, clock.millis());
                recordAttempt(step, outcome, startedNanos);
                MDC.put("outcome", outcome.wireName());
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
            } finally {
                MDC.remove("workflow_id");
                MDC.remove("question_id");
                MDC.remove("step");
                MDC.remove("attempt");
                MDC.remove("outcome");
            }
        }
    }

    /** What users see as the step's last failure: a typed failure's own message, not its formatted summary. */
    private static String failureMessage(RuntimeException e) {
        return e instanceof ApplicationFailure failure ? failure.getOriginalMessage() : e.getMessage();
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
            // a delay the failure carries already (a provider's Retry-After) is the provider's word: it stands
            if (failure.getNextRetryDelay() == null) {
                failure.setNextRetryDelay(delay);
            }
            return failure;
        }
        return ApplicationFailure.newFailureWithCauseAndDelay(
                e.getMessage(), e.getClass().getName(), e, delay);
    }
}
