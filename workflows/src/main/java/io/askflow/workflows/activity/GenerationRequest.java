package io.askflow.workflows.activity;

/**
 * Input of GenerateAnswer.
 *
 * @param questionId the question
 * @param question its text
 * @param skipCache true to bypass the answer cache
 * @param conversationId the question's conversation, whose earlier questions and answers the model is given;
 *     null for none
 */
public record GenerationRequest(String questionId, String question, boolean skipCache, String conversationId) {}
