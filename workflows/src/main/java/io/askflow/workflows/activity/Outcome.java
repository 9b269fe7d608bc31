package io.askflow.workflows.activity;

import io.askflow.workflows.QuestionStatus;

/**
 * The final state of a question, written once by SaveAnswer.
 *
 * @param questionId the question
 * @param status completed, failed or rejected
 * @param generation the model's output when completed, else null
 * @param errorCode the failure code when failed or rejected, else null
 * @param errorMessage a message for the user when failed or rejected, else null
 * @param finishedAtMillis when the workflow reached the outcome (workflow time, deterministic)
 */
public record Outcome(
        String questionId,
        QuestionStatus status,
        Generation generation,
        String errorCode,
        String errorMessage,
        long finishedAtMillis) {}
