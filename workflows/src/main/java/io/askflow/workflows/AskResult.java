package io.askflow.workflows;

/**
 * What the caller waiting on the {@code awaitAnswer} update gets once the outcome is saved.
 *
 * @param status completed, failed or rejected
 * @param errorCode the failure's code when not completed, else null
 * @param retryAfterSeconds for rejected questions, when the user may ask again; else 0
 */
public record AskResult(QuestionStatus status, String errorCode, long retryAfterSeconds) {}
