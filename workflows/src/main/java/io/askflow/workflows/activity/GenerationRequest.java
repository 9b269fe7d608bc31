package io.askflow.workflows.activity;

/** Input of GenerateAnswer. */
public record GenerationRequest(String questionId, String question) {}
