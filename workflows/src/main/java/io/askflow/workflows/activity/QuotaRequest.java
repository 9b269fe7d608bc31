package io.askflow.workflows.activity;

/**
 * Input of CheckQuota.
 *
 * @param questionId the question (the admission's idempotency key)
 * @param userId the asker's GitHub id
 * @param questionLength the question's length in characters, for the token estimate
 */
public record QuotaRequest(String questionId, long userId, int questionLength) {}
