package io.askflow.workflows.activity;

/**
 * Output of GenerateAnswer.
 *
 * @param answer the model's answer
 * @param model the model that answered, as reported by the provider
 * @param usage tokens used
 * @param costUsd the price of those tokens per the configured price table, or null when the model is unpriced
 * @param latencyMillis how long the successful model call took
 */
public record Generation(String answer, String model, Usage usage, Double costUsd, long latencyMillis) {}
