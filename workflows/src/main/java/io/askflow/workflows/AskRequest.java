package io.askflow.workflows;

/**
 * Input of one AskWorkflow run.
 *
 * @param questionId the question's id (also the workflow's business key)
 * @param userId the asker's GitHub numeric id
 * @param question the question text, already validated by the gateway
 * @param requestId the gateway's request id, carried into every step for tracing
 * @param endpoint the HTTP endpoint that started the question ({@code /ask} or {@code /questions})
 * @param acceptedAtMillis when the gateway accepted the question (epoch milliseconds)
 * @param skipCache true when the caller asked for a fresh answer ({@code Cache-Control: no-cache})
 * @param conversationId the conversation the question belongs to; its earlier questions and answers are the
 *     model's context (null in histories recorded before conversations existed)
 */
public record AskRequest(
        String questionId,
        long userId,
        String question,
        String requestId,
        String endpoint,
        long acceptedAtMillis,
        boolean skipCache,
        String conversationId) {}
