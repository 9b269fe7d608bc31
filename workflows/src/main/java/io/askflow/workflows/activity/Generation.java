package io.askflow.workflows.activity;

/**
 * Output of GenerateAnswer.
 *
 * @param answer the model's answer
 * @param model the model that answered, as reported by the provider
 * @param usage tokens used
 * @param costUsd the price of those tokens per the configured price table, or null when the model is unpriced
 * @param latencyMillis how long the successful model call took
 * @param cached true when the answer came from the answer cache (no model call, no tokens, no cost)
 */
public record Generation(
        String answer, String model, Usage usage, Double costUsd, long latencyMillis, boolean cached) {}
