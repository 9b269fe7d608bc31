package io.askflow.workflows.activity;

import io.askflow.workflows.Steps;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface TelemetryActivities {

    /**
     * Appends the question's telemetry event. Runs after the reply; its failure never fails the question.
     *
     * <p>Idempotency key: the question id; a retried attempt finds the event already there and adds none.
     */
    @ActivityMethod(name = Steps.RECORD_TELEMETRY)
    void recordTelemetry(TelemetryEvent event);
}
