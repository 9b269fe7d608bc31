package io.askflow.workflows.housekeeping;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Started by the housekeeping schedules, once per cluster whatever the number of workers. */
@WorkflowInterface
public interface HousekeepingWorkflow {

    /** Returns what the chore did (a {@link HousekeepingActivities.Purged} or {@link HousekeepingActivities.Swept}). */
    @WorkflowMethod
    String run(Chore chore);
}
