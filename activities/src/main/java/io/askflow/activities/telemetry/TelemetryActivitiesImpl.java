package io.askflow.activities.telemetry;

import io.askflow.workflows.activity.TelemetryActivities;
import io.askflow.workflows.activity.TelemetryEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

public class TelemetryActivitiesImpl implements TelemetryActivities {

    private final Jdbi jdbi;
    private final Clock clock;
    private final MeterRegistry meters;

    public TelemetryActivitiesImpl(Jdbi jdbi, Clock clock, MeterRegistry meters) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void recordTelemetry(TelemetryEvent event) {
        int inserted = jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO telemetry_events (
                            question_id, request_id, user_id, endpoint, question_length, status, answer_length,
                            cached, model, model_latency_ms, queue_latency_ms, total_latency_ms,
                            prompt_tokens, completion_tokens, cached_tokens, total_tokens, cost_usd, recorded_at)
                        VALUES (
                            :questionId, :requestId, :userId, :endpoint, :questionLength, :status, :answerLength,
                            :cached, :model, :modelLatency, :queueLatency, :totalLatency,
                            :prompt, :completion, :cachedTokens, :total, :cost, :recordedAt)
                        ON CONFLICT (question_id) DO NOTHING
                        """)
                .bind("questionId", event.questionId())
                .bind("requestId", event.requestId())
                .bind("userId", event.userId())
                .bind("endpoint", event.endpoint())
                .bind("questionLength", event.questionLength())
                .bind("status", event.status())
                .bind("answerLength", event.answerLength())
                .bind("cached", event.cached())
                .bind("model", event.model())
                .bind("modelLatency", event.modelLatencyMillis())
                .bind("queueLatency", event.queueLatencyMillis())
                .bind("totalLatency", event.totalLatencyMillis())
                .bind("prompt", event.usage().promptTokens())
                .bind("completion", event.usage().completionTokens())
                .bind("cachedTokens", event.usage().cachedTokens())
                .bind("total", event.usage().totalTokens())
                .bind("cost", event.costUsd())
                .bind("recordedAt", clock.millis())
                .execute());
        // counted once per question: a retried attempt that finds the event stored adds nothing
        if (inserted > 0) {
            meters.counter(
                            "askflow.questions",
                            "status",
                            event.status(),
                            "endpoint",
                            event.endpoint(),
                            "cached",
                            Boolean.toString(event.cached()))
                    .increment();
            Timer.builder("askflow.question.latency")
                    .description("From acceptance by the gateway until the outcome was saved")
                    .tag("status", event.status())
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(event.totalLatencyMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
