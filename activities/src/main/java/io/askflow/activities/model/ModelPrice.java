package io.askflow.activities.model;

/**
 * USD per one million tokens.
 *
 * @param input uncached prompt tokens
 * @param cachedInput prompt tokens served from the provider's prompt cache
 * @param output completion tokens
 */
public record ModelPrice(double input, double cachedInput, double output) {}
