package io.askflow.activities.model;

import io.askflow.workflows.activity.Usage;

/** A model's answer with the model name the provider reported and the tokens it counted. */
public record ChatReply(String answer, String model, Usage usage) {}
