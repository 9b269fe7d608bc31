package io.askflow.activities.telemetry;

import io.askflow.workflows.activity.TelemetryActivities;
import io.askflow.workflows.activity.TelemetryEvent;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

public class TelemetryActivitiesImpl implements TelemetryActivities {

    private final Jdbi jdbi;
    private final Clock clock;

    public TelemetryActivitiesImpl(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void recordTelemetry(TelemetryEvent event) {
        jdbi.useHandle(handle -> handle.createUpdate("""
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
    }
}
