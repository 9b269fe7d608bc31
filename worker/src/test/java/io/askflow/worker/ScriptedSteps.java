package io.askflow.worker;

import io.askflow.activities.persistence.StepProgressStore;
import io.askflow.workflows.Steps;
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
import io.temporal.activity.Activity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Doubles of the four steps (and ReleaseQuota) that do as a script says: per step, a function of the
 * 1-based attempt number returns the failure to throw, or null to succeed (it may also block). Every attempt
 * is recorded with the Temporal time it began and the step's progress row as the step saw it.
 */
final class ScriptedSteps implements QuotaActivities, ModelActivities, PersistenceActivities, TelemetryActivities {

    static final Generation GENERATION = new Generation("42", "test-model", new Usage(10, 5, 2, 15), 0.0001, 7, false);

    /** One attempt as the step saw it: its number, when it began, and its progress row at that moment. */
    record Attempt(String step, int number, long startedAtMillis, StepProgress progress) {}

    final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    final List<Outcome> saved = new CopyOnWriteArrayList<>();
    private final Map<String, IntFunction<RuntimeException>> scripts = new ConcurrentHashMap<>();
    private final LongSupplier now;
    private final Function<String, StepProgress> progress;
    private final StepProgressStore modelProgress; // null: the model step records no progress

    /**
     * @param progress reads a step's progress row, as each attempt sees it when it begins
     * @param modelProgress where the model step records its attempts as the real one does (running before
     *     its work, completed after it), or null
     */
    ScriptedSteps(LongSupplier now, Function<String, StepProgress> progress, StepProgressStore modelProgress) {
        this.now = now;
        this.progress = progress;
        this.modelProgress = modelProgress;
    }

    void script(String step, IntFunction<RuntimeException> failureForAttempt) {
        scripts.put(step, failureForAttempt);
    }

    List<Attempt> attempts(String step) {
        return attempts.stream().filter(a -> a.step().equals(step)).toList();
    }

    private void attempt(String step) {
        int number = Activity.getExecutionContext().getInfo().getAttempt();
        attempts.add(new Attempt(step, number, now.getAsLong(), progress.apply(step)));
        IntFunction<RuntimeException> script = scripts.get(step);
        RuntimeException failure = script == null ? null : script.apply(number);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void checkQuota(QuotaRequest request) {
        attempt(Steps.CHECK_QUOTA);
    }

    @Override
    public void releaseQuota(String questionId) {
        attempt(Steps.RELEASE_QUOTA);
    }

    @Override
    public Generation generateAnswer(GenerationRequest request) {
        if (modelProgress == null) {
            attempt(Steps.GENERATE_ANSWER);
            return GENERATION;
        }
        int number = Activity.getExecutionContext().getInfo().getAttempt();
        long startedAt = now.getAsLong();
        modelProgress.attemptStarted(request.questionId(), Steps.GENERATE_ANSWER, number, startedAt, () -> {});
        attempt(Steps.GENERATE_ANSWER);
        modelProgress.inAttemptTransaction(
                request.questionId(), Steps.GENERATE_ANSWER, number, startedAt, now::getAsLong, () -> null);
        return GENERATION;
    }

    @Override
    public void saveAnswer(Outcome outcome) {
        attempt(Steps.SAVE_ANSWER);
        saved.add(outcome);
    }

    @Override
    public void recordTelemetry(TelemetryEvent event) {
        attempt(Steps.RECORD_TELEMETRY);
    }
}
