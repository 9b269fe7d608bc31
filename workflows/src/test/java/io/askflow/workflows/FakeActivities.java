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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Activity doubles that count attempts per step and fail on command. A behaviour receives the 1-based
 * attempt number and returns the failure to throw, or null to succeed.
 */
final class FakeActivities implements QuotaActivities, ModelActivities, PersistenceActivities, TelemetryActivities {

    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final List<Outcome> saved = new CopyOnWriteArrayList<>();
    final List<TelemetryEvent> telemetryEvents = new CopyOnWriteArrayList<>();
    final Map<String, IntFunction<RuntimeException>> failures = new ConcurrentHashMap<>();
    volatile CountDownLatch telemetryGate;
    /** When set, GenerateAnswer counts {@link #generating} down and then waits for this gate to open. */
    volatile CountDownLatch modelGate;

    final CountDownLatch generating = new CountDownLatch(1);

    static final Generation GENERATION = new Generation("42", "test-model", new Usage(10, 5, 2, 15), 0.0001, 7, false);

    void failStep(String step, IntFunction<RuntimeException> behaviour) {
        failures.put(step, behaviour);
    }

    int attempts(String step) {
        AtomicInteger count = attempts.get(step);
        return count == null ? 0 : count.get();
    }

    private void attempt(String step) {
        int attempt = attempts.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet();
        IntFunction<RuntimeException> behaviour = failures.get(step);
        RuntimeException failure = behaviour == null ? null : behaviour.apply(attempt);
        if (failure != null) {
            throw failure;
        }
    }

    private static void await(CountDownLatch gate) {
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
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
        attempt(Steps.GENERATE_ANSWER);
        generating.countDown();
        await(modelGate);
        return GENERATION;
    }

    @Override
    public void saveAnswer(Outcome outcome) {
        attempt(Steps.SAVE_ANSWER);
        saved.add(outcome);
    }

    @Override
    public void recordTelemetry(TelemetryEvent event) {
        await(telemetryGate);
        attempt(Steps.RECORD_TELEMETRY);
        telemetryEvents.add(event);
    }
}
