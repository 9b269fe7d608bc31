package io.askflow.gateway.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.askflow.workflows.activity.Usage;
import java.time.Instant;
import org.jdbi.v3.core.mapper.Nested;
import org.jspecify.annotations.Nullable;

/** One telemetry event as shown to admins; a row of {@code telemetry_events}, token counts inline. */
public record TelemetryEventView(
        String questionId,
        String requestId,
        long userId,
        String endpoint,
        int questionLength,
        String status,
        int answerLength,
        boolean cached,
        @Nullable String model,
        long modelLatencyMs,
        long queueLatencyMs,
        long totalLatencyMs,
        @Nested @JsonUnwrapped Usage usage,
        @Nullable Double costUsd,
        Instant recordedAt) {}
