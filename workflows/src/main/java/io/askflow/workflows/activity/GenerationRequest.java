package io.askflow.workflows.activity;

/**
 * Input of GenerateAnswer.
 *
 * @param questionId the question
 * @param question its text
 * @param skipCache true to bypass the answer cache
 */
public record GenerationRequest(String questionId, String question, boolean skipCache) {}
