package io.askflow.workflows.activity;

import io.askflow.workflows.Steps;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface QuotaActivities {

    /**
     * Admits the question against the user's limits (requests per minute, tokens per day), reserves its
     * estimated tokens and marks it running; or fails with the non-retryable {@code QUOTA_EXCEEDED}
     * (details: seconds until the user may ask again).
     *
     * <p>Idempotency key: the question id. A question already admitted is admitted again without being
     * counted twice, so a retried or replayed attempt charges once.
     */
    @ActivityMethod(name = Steps.CHECK_QUOTA)
    void checkQuota(QuotaRequest request);

    /**
     * Gives back the tokens reserved for a question whose model step failed for good.
     *
     * <p>Idempotency key: the question id; only an open reservation is released, so a retry changes nothing.
     */
    @ActivityMethod(name = Steps.RELEASE_QUOTA)
    void releaseQuota(String questionId);
}
