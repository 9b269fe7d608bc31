package io.askflow.bench;

import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A question's workflow with nothing in its steps: started and awaited the way the gateway does it. */
@WorkflowInterface
public interface FloorWorkflow {

    @WorkflowMethod
    String run(Shape shape);

    /** The reply the caller waits for, as AskWorkflow's awaitAnswer: ready once the save step is done. */
    @UpdateMethod
    String awaitReply();
}
