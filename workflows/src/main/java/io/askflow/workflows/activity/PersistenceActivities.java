package io.askflow.workflows.activity;

import io.askflow.workflows.Steps;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface PersistenceActivities {

    /**
     * Writes the question's outcome (answer, model, usage, cost, or error) to its row.
     *
     * <p>Idempotency key: the question id. Only a question that is not yet final is updated, so a retried
     * or replayed save leaves exactly one, unchanged, row.
     */
    @ActivityMethod(name = Steps.SAVE_ANSWER)
    void saveAnswer(Outcome outcome);
}
