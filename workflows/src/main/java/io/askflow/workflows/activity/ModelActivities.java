package io.askflow.workflows.activity;

import io.askflow.workflows.Steps;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface ModelActivities {

    /**
     * Asks the configured model. Throttling, 5xx and timeouts are retryable; a rejected request or an
     * exhausted provider account fails for good.
     *
     * <p>Idempotency key: none is needed, the call has no side effect of ours; a retry is a new call and is
     * paid for by the provider, which is why permanent errors are never retried.
     */
    @ActivityMethod(name = Steps.GENERATE_ANSWER)
    Generation generateAnswer(GenerationRequest request);
}
