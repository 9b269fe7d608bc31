package io.askflow.workflows.housekeeping;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

public class HousekeepingWorkflowImpl implements HousekeepingWorkflow {

    private static final Logger log = Workflow.getLogger(HousekeepingWorkflowImpl.class);

    // A chore that fails is tried a few times, then waits for the schedule's next run.
    private final HousekeepingActivities chores = Workflow.newActivityStub(
            HousekeepingActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(5))
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofSeconds(5))
                            .setMaximumAttempts(3)
                            .build())
                    .build());

    @Override
    public String run(Chore chore) {
        String done = switch (chore) {
            case RETENTION -> chores.purgeExpired().toString();
            case STRANDED_QUESTIONS -> chores.restartStranded().toString();
        };
        log.info("housekeeping {}: {}", chore, done);
        return done;
    }
}
