package io.askflow.gateway.admin;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One telemetry event as shown to admins. */
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
        long promptTokens,
        long completionTokens,
        long cachedTokens,
        long totalTokens,
        @Nullable Double costUsd,
        Instant recordedAt) {}
