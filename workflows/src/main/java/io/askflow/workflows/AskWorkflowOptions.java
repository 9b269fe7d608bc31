package io.askflow.workflows;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;

/** How every caller (the gateway, the stranded-question sweeper) starts a question's workflow. */
public final class AskWorkflowOptions {

    private AskWorkflowOptions() {}

    public static WorkflowOptions forQuestion(String questionId) {
        return WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.ASK)
                .setWorkflowId(WorkflowIds.forQuestion(questionId))
                // A repeated start joins the running workflow; a finished question is never re-run.
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build();
    }
}
