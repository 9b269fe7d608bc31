package io.askflow.workflows;

/**
 * The question id is the workflow's business key: one question, one workflow id, so a repeated start
 * (a retried request, a reused idempotency key) can never run the same question twice.
 */
public final class WorkflowIds {

    private static final String PREFIX = "ask-";

    private WorkflowIds() {}

    public static String forQuestion(String questionId) {
        return PREFIX + questionId;
    }

    public static String questionId(String workflowId) {
        if (!workflowId.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an AskWorkflow id: " + workflowId);
        }
        return workflowId.substring(PREFIX.length());
    }
}
