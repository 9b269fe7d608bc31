package io.askflow.activities.quota;

import io.askflow.workflows.FailureType;
import io.askflow.workflows.activity.QuotaActivities;
import io.askflow.workflows.activity.QuotaRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Counts admissions in the database, not in memory, so the limit holds across every worker. The check and
 * the admission happen in one write transaction (IMMEDIATE on SQLite), so concurrent requests cannot both
 * see room for one more.
 */
public class QuotaActivitiesImpl implements QuotaActivities {

    private static final long WINDOW_MILLIS = 60_000;

    private final Jdbi jdbi;
    private final QuotaLimits limits;
    private final Clock clock;
    private final Counter rejections;

    public QuotaActivitiesImpl(Jdbi jdbi, QuotaLimits limits, Clock clock, MeterRegistry meters) {
        this.jdbi = jdbi;
        this.limits = limits;
        this.clock = clock;
        this.rejections = Counter.builder("askflow.quota.rejections")
                .description("Questions rejected for being over a user's limit")
                .tag("limit", "requests_per_minute")
                .register(meters);
    }

    @Override
    public void checkQuota(QuotaRequest request) {
        long now = clock.millis();
        Optional<Long> retryAfter = jdbi.inTransaction(handle -> admit(handle, request, now));
        if (retryAfter.isPresent()) {
            rejections.increment();
            throw ApplicationFailure.newNonRetryableFailure(
                    "You have reached your limit of " + limits.requestsPerMinute()
                            + " questions per minute; try again in " + retryAfter.get() + " s.",
                    FailureType.QUOTA_EXCEEDED.name(),
                    retryAfter.get());
        }
    }

    /** Returns the seconds to wait when over the limit, or empty when admitted. */
    private Optional<Long> admit(Handle handle, QuotaRequest request, long now) {
        boolean alreadyAdmitted = handle.createQuery("SELECT COUNT(*) FROM quota_admissions WHERE question_id = :id")
                        .bind("id", request.questionId())
                        .mapTo(Long.class)
                        .one()
                > 0;
        if (!alreadyAdmitted) {
            long windowStart = now - WINDOW_MILLIS;
            long used = handle.createQuery(
                            "SELECT COUNT(*) FROM quota_admissions WHERE user_id = :user AND admitted_at > :since")
                    .bind("user", request.userId())
                    .bind("since", windowStart)
                    .mapTo(Long.class)
                    .one();
            if (used >= limits.requestsPerMinute()) {
                long oldest = handle.createQuery(
                                "SELECT MIN(admitted_at) FROM quota_admissions WHERE user_id = :user AND admitted_at > :since")
                        .bind("user", request.userId())
                        .bind("since", windowStart)
                        .mapTo(Long.class)
                        .one();
                return Optional.of(Math.max(1, (oldest + WINDOW_MILLIS - now + 999) / 1000));
            }
            handle.createUpdate(
                            "INSERT INTO quota_admissions (question_id, user_id, admitted_at) VALUES (:id, :user, :now)")
                    .bind("id", request.questionId())
                    .bind("user", request.userId())
                    .bind("now", now)
                    .execute();
        }
        handle.createUpdate("UPDATE questions SET status = 'running' WHERE id = :id AND status = 'queued'")
                .bind("id", request.questionId())
                .execute();
        return Optional.empty();
    }
}
