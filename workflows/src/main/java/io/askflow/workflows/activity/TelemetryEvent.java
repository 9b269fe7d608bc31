package io.askflow.workflows.activity;

/**
 * One question's telemetry, recorded after the reply was handed back.
 *
 * @param questionId the question
 * @param requestId the gateway request id that started it
 * @param userId the asker
 * @param endpoint {@code /ask} or {@code /questions}
 * @param questionLength question length in characters
 * @param status final status (wire name)
 * @param answerLength answer length in characters, 0 without an answer
 * @param cached whether the answer came from the cache
 * @param model the model that answered, or null
 * @param modelLatencyMillis duration of the successful model call, 0 without one
 * @param queueLatencyMillis from acceptance by the gateway to the start of the workflow
 * @param totalLatencyMillis from acceptance by the gateway until the outcome was saved
 * @param usage tokens used
 * @param costUsd cost, or null when unpriced
 */
public record TelemetryEvent(
        String questionId,
        String requestId,
        long userId,
        String endpoint,
        int questionLength,
        String status,
        int answerLength,
        boolean cached,
        String model,
        long modelLatencyMillis,
        long queueLatencyMillis,
        long totalLatencyMillis,
        Usage usage,
        Double costUsd) {}
