package io.askflow.workflows;

import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One question, answered in four durable steps: CheckQuota, GenerateAnswer, SaveAnswer, RecordTelemetry.
 * The gateway starts it with update-with-start and waits on {@link #awaitAnswer()}, which completes as soon
 * as the outcome is saved, before telemetry runs.
 */
@WorkflowInterface
public interface AskWorkflow {

    @WorkflowMethod
    AskResult ask(AskRequest request);

    /** Blocks until the outcome of the question has been saved, then returns it. */
    @UpdateMethod
    AskResult awaitAnswer();
}
