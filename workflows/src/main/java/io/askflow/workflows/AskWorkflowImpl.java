package io.askflow.workflows;

import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.GenerationRequest;
import io.askflow.workflows.activity.ModelActivities;
import io.askflow.workflows.activity.Outcome;
import io.askflow.workflows.activity.PersistenceActivities;
import io.askflow.workflows.activity.QuotaActivities;
import io.askflow.workflows.activity.QuotaRequest;
import io.askflow.workflows.activity.TelemetryActivities;
import io.askflow.workflows.activity.TelemetryEvent;
import io.askflow.workflows.activity.Usage;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * Runs the four steps. Activity stubs carry no options here: each step's retry policy and timeout come from
 * configuration through the per-activity-type options the worker registers this implementation with.
 *
 * <p>CheckQuota, SaveAnswer and ReleaseQuota run as local activities ({@link Steps#LOCAL}): each is one short
 * database transaction, and as a local activity it runs inside the workflow task that reaches it instead of
 * costing a round trip through a task queue and another workflow task. Before the reply a question takes two
 * workflow tasks and one activity task, where it took four and three.
 */
public class AskWorkflowImpl implements AskWorkflow {

    private static final Logger log = Workflow.getLogger(AskWorkflowImpl.class);
    private static final String RELEASE_QUOTA_CHANGE = "release-quota-on-failure";
    private static final String LOCAL_DATABASE_STEPS_CHANGE = "local-database-steps";

    private final ModelActivities model = Workflow.newActivityStub(ModelActivities.class);
    private final TelemetryActivities telemetry = Workflow.newActivityStub(TelemetryActivities.class);
    private QuotaActivities quota;
    private PersistenceActivities persistence;

    private AskResult result;
    private long retryAfter;

    @Override
    public AskResult ask(AskRequest request) {
        long startedAt = Workflow.currentTimeMillis();
        // Versioned: histories recorded while the database steps were regular activities replay as such.
        if (Workflow.getVersion(LOCAL_DATABASE_STEPS_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
            quota = Workflow.newLocalActivityStub(QuotaActivities.class);
            persistence = Workflow.newLocalActivityStub(PersistenceActivities.class);
        } else {
            quota = Workflow.newActivityStub(QuotaActivities.class);
            persistence = Workflow.newActivityStub(PersistenceActivities.class);
        }
        Outcome outcome = answer(request);
        persistence.saveAnswer(outcome);

        // The caller waiting on awaitAnswer() gets its reply here; telemetry below never delays it.
        result = new AskResult(outcome.status(), outcome.errorCode(), retryAfter);
        log.info("question {} {}", request.questionId(), outcome.status().wireName());

        try {
            telemetry.recordTelemetry(telemetryEvent(request, outcome, startedAt));
        } catch (ActivityFailure e) {
            // Telemetry is best effort by design: losing an event must not turn an answered question red.
            log.warn("telemetry for question {} not recorded: {}", request.questionId(), rootMessage(e));
        }
        return result;
    }

    @Override
    public AskResult awaitAnswer() {
        Workflow.await(() -> result != null);
        return result;
    }

    private Outcome answer(AskRequest request) {
        try {
            quota.checkQuota(new QuotaRequest(
                    request.questionId(), request.userId(), request.question().length()));
        } catch (ActivityFailure e) {
            ApplicationFailure failure = applicationFailure(e);
            if (failure != null && FailureType.QUOTA_EXCEEDED.name().equals(failure.getType())) {
                retryAfter = failure.getDetails().get(Long.class);
                return failed(request, QuestionStatus.REJECTED, FailureType.QUOTA_EXCEEDED.code(), e);
            }
            return failed(request, QuestionStatus.FAILED, "quota_check_failed", e);
        }
        try {
            Generation generation = model.generateAnswer(
                    new GenerationRequest(request.questionId(), request.question(), request.skipCache()));
            return new Outcome(
                    request.questionId(),
                    QuestionStatus.COMPLETED,
                    generation,
                    null,
                    null,
                    Workflow.currentTimeMillis());
        } catch (ActivityFailure e) {
            ApplicationFailure failure = applicationFailure(e);
            String code = failure != null ? codeOf(failure.getType()) : timeoutOrUnknown(e);
            releaseReservation(request);
            return failed(request, QuestionStatus.FAILED, code, e);
        }
    }

    /** Compensation: the model step failed for good, so the tokens CheckQuota reserved go back to the user. */
    private void releaseReservation(AskRequest request) {
        // Versioned: histories recorded before the compensation existed replay without it.
        if (Workflow.getVersion(RELEASE_QUOTA_CHANGE, Workflow.DEFAULT_VERSION, 1) < 1) {
            return;
        }
        try {
            quota.releaseQuota(request.questionId());
        } catch (ActivityFailure e) {
            log.warn(
                    "reservation of question {} not released; it expires with the day: {}",
                    request.questionId(),
                    rootMessage(e));
        }
    }

    private static Outcome failed(AskRequest request, QuestionStatus status, String code, ActivityFailure e) {
        return new Outcome(request.questionId(), status, null, code, rootMessage(e), Workflow.currentTimeMillis());
    }

    private static String codeOf(String failureType) {
        for (FailureType type : FailureType.values()) {
            if (type.name().equals(failureType)) {
                return type.code();
            }
        }
        return "model_error";
    }

    private static String timeoutOrUnknown(ActivityFailure e) {
        return e.getCause() instanceof TimeoutFailure ? "model_timeout" : "model_error";
    }

    private static ApplicationFailure applicationFailure(ActivityFailure e) {
        return e.getCause() instanceof ApplicationFailure failure ? failure : null;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApplicationFailure failure) {
            return failure.getOriginalMessage();
        }
        return cause.getMessage();
    }

    private static TelemetryEvent telemetryEvent(AskRequest request, Outcome outcome, long startedAt) {
        Generation generation = outcome.generation();
        return new TelemetryEvent(
                request.questionId(),
                request.requestId(),
                request.userId(),
                request.endpoint(),
                request.question().length(),
                outcome.status().wireName(),
                generation == null ? 0 : generation.answer().length(),
                generation != null && generation.cached(),
                generation == null ? null : generation.model(),
                generation == null ? 0 : generation.latencyMillis(),
                Math.max(0, startedAt - request.acceptedAtMillis()),
                Math.max(0, outcome.finishedAtMillis() - request.acceptedAtMillis()),
                generation == null ? Usage.NONE : generation.usage(),
                generation == null ? null : generation.costUsd());
    }
}
