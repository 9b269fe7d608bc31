package io.askflow.activities.quota;

import io.askflow.workflows.FailureType;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.activity.QuotaActivities;
import io.askflow.workflows.activity.QuotaRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Counts admissions and token reservations in the database, not in memory, so the limits hold across every
 * worker. The checks and the admission happen in one write transaction (IMMEDIATE on SQLite), so concurrent
 * requests cannot both see room for one more: a burst can never overshoot a limit.
 */
public class QuotaActivitiesImpl implements QuotaActivities {

    private static final long WINDOW_MILLIS = 60_000;

    private final Jdbi jdbi;
    private final QuotaLimits limits;
    private final Clock clock;
    private final MeterRegistry meters;
    private final long maxContextChars;

    /** Without conversation context: the prompt is the question alone. */
    public QuotaActivitiesImpl(Jdbi jdbi, QuotaLimits limits, Clock clock, MeterRegistry meters) {
        this(jdbi, limits, clock, meters, 0);
    }

    /**
     * @param maxContextTokens the most tokens of a conversation's earlier exchanges GenerateAnswer adds to the
     *     prompt (counted as four characters a token): they are reserved for too
     */
    public QuotaActivitiesImpl(
            Jdbi jdbi, QuotaLimits limits, Clock clock, MeterRegistry meters, long maxContextTokens) {
        this.jdbi = jdbi;
        this.limits = limits;
        this.clock = clock;
        this.meters = meters;
        this.maxContextChars = 4 * maxContextTokens + 4;
        // registered up front so dashboards see a zero rather than no series
        for (String limit : new String[] {"requests_per_minute", "tokens_per_day", "usd_per_day", "usd_per_month"}) {
            rejections(limit);
        }
    }

    private Counter rejections(String limit) {
        return Counter.builder("askflow.quota.rejections")
                .description("Questions rejected for being over a user's limit")
                .tag("limit", limit)
                .register(meters);
    }

    @Override
    public void checkQuota(QuotaRequest request) {
        long now = clock.millis();
        Rejection rejection = jdbi.inTransaction(handle -> admit(handle, request, now));
        if (rejection != null) {
            meters.counter("askflow.quota.rejections", "limit", rejection.limit())
                    .increment();
            throw ApplicationFailure.newNonRetryableFailure(
                    rejection.message() + " Try again in " + rejection.retryAfterSeconds() + " s.",
                    FailureType.QUOTA_EXCEEDED.name(),
                    rejection.retryAfterSeconds());
        }
    }

    @Override
    public void releaseQuota(String questionId) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE quota_admissions SET state = :released WHERE question_id = :id AND state = :reserved")
                .bind("released", AdmissionState.RELEASED)
                .bind("reserved", AdmissionState.RESERVED)
                .bind("id", questionId)
                .execute());
    }

    private record Rejection(String limit, String message, long retryAfterSeconds) {}

    /** Returns why the question is over a limit, or null when it was admitted (now or before). */
    private Rejection admit(Handle handle, QuotaRequest request, long now) {
        if (isPostgres(handle)) {
            // PostgreSQL runs transactions side by side: one lock per user, held until commit, makes the
            // count-then-admit below atomic per user (SQLite's IMMEDIATE transaction already serialises it).
            handle.createQuery("SELECT pg_advisory_xact_lock(:user)")
                    .bind("user", request.userId())
                    .mapToMap()
                    .one();
        }
        boolean alreadyAdmitted = handle.createQuery("SELECT COUNT(*) FROM quota_admissions WHERE question_id = :id")
                        .bind("id", request.questionId())
                        .mapTo(Long.class)
                        .one()
                > 0;
        if (!alreadyAdmitted) {
            QuotaLimits.Limit limit = limits.of(request.userId());
            Rejection rejection = overRequests(handle, request.userId(), limit, now);
            // the prompt is the question after the conversation so far, as much of it as the model gets
            int promptLength = request.questionLength() + contextLength(handle, request.questionId());
            long estimate = limits.estimate(promptLength);
            double reservedUsd = limits.reservedUsd(promptLength);
            Charged today = charged(
                    handle, request.userId(), startOfDay(now).toInstant().toEpochMilli());
            if (rejection == null) {
                rejection = overTokens(limit, today, estimate, now);
            }
            if (rejection == null) {
                rejection = overSpend(handle, request.userId(), limit, today, reservedUsd, now);
            }
            if (rejection != null) {
                return rejection;
            }
            handle.createUpdate("""
                            INSERT INTO quota_admissions
                                   (question_id, user_id, admitted_at, reserved_tokens, reserved_usd, state)
                            VALUES (:id, :user, :now, :reserved, :reservedUsd, :state)
                            """)
                    .bind("state", AdmissionState.RESERVED)
                    .bind("id", request.questionId())
                    .bind("user", request.userId())
                    .bind("now", now)
                    .bind("reserved", estimate)
                    .bind("reservedUsd", reservedUsd)
                    .execute();
        }
        handle.createUpdate("UPDATE questions SET status = :running WHERE id = :id AND status = :queued")
                .bind("running", QuestionStatus.RUNNING)
                .bind("queued", QuestionStatus.QUEUED)
                .bind("id", request.questionId())
                .execute();
        return null;
    }

    private static boolean isPostgres(Handle handle) {
        try {
            return "PostgreSQL".equals(handle.getConnection().getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }

    private static Rejection overRequests(Handle handle, long userId, QuotaLimits.Limit limit, long now) {
        long windowStart = now - WINDOW_MILLIS;
        long used = handle.createQuery(
                        "SELECT COUNT(*) FROM quota_admissions WHERE user_id = :user AND admitted_at > :since")
                .bind("user", userId)
                .bind("since", windowStart)
                .mapTo(Long.class)
                .one();
        if (used < limit.requestsPerMinute()) {
            return null;
        }
        long oldest = handle.createQuery(
                        "SELECT MIN(admitted_at) FROM quota_admissions WHERE user_id = :user AND admitted_at > :since")
                .bind("user", userId)
                .bind("since", windowStart)
                .mapTo(Long.class)
                .one();
        return new Rejection(
                "requests_per_minute",
                "You have reached your limit of " + limit.requestsPerMinute() + " questions per minute.",
                Math.max(1, (oldest + WINDOW_MILLIS - now + 999) / 1000));
    }

    private static ZonedDateTime startOfDay(long now) {
        return Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
    }

    /** Characters of earlier exchanges the model step will add to the prompt, up to its budget. */
    private int contextLength(Handle handle, String questionId) {
        if (maxContextChars <= 4) {
            return 0;
        }
        long chars = handle.createQuery("""
                        SELECT COALESCE(SUM(LENGTH(earlier.question) + LENGTH(earlier.answer)), 0)
                          FROM questions earlier, questions this
                         WHERE this.id = :id
                           AND earlier.conversation_id = this.conversation_id
                           AND earlier.id <> this.id
                           AND earlier.status = :completed
                           AND earlier.created_at <= this.created_at
                        """)
                .bind("id", questionId)
                .bind("completed", QuestionStatus.COMPLETED)
                .mapTo(Long.class)
                .one();
        return (int) Math.min(chars, maxContextChars);
    }

    private static Rejection overTokens(QuotaLimits.Limit limit, Charged today, long estimate, long now) {
        if (today.tokens() + estimate <= limit.tokensPerDay()) {
            return null;
        }
        return new Rejection(
                "tokens_per_day",
                "You have used your " + limit.tokensPerDay() + " tokens for today (UTC).",
                secondsUntil(startOfDay(now).plusDays(1), now));
    }

    /** The USD budgets, per UTC day and per UTC calendar month: open reservations count at their bound. */
    private static Rejection overSpend(
            Handle handle, long userId, QuotaLimits.Limit limit, Charged today, double reserve, long now) {
        ZonedDateTime dayStart = startOfDay(now);
        if (limit.usdPerDay() != null && today.usd() + reserve > limit.usdPerDay()) {
            return new Rejection(
                    "usd_per_day",
                    "You have reached your spend limit of " + usd(limit.usdPerDay()) + " for today (UTC).",
                    secondsUntil(dayStart.plusDays(1), now));
        }
        ZonedDateTime monthStart = dayStart.withDayOfMonth(1);
        if (limit.usdPerMonth() != null
                && charged(handle, userId, monthStart.toInstant().toEpochMilli())
                                        .usd()
                                + reserve
                        > limit.usdPerMonth()) {
            return new Rejection(
                    "usd_per_month",
                    "You have reached your spend limit of " + usd(limit.usdPerMonth()) + " for this month (UTC).",
                    secondsUntil(monthStart.plusMonths(1), now));
        }
        return null;
    }

    /** What a user was charged since a time: tokens and USD, in one read. */
    private record Charged(long tokens, double usd) {}

    /** Open reservations count at their reservation, settled ones at their real usage, released ones not at all. */
    private static Charged charged(Handle handle, long userId, long since) {
        return handle.createQuery("""
                        SELECT COALESCE(SUM(CASE state WHEN :reserved THEN reserved_tokens
                                                       WHEN :settled THEN COALESCE(used_tokens, 0)
                                                       ELSE 0 END), 0) AS tokens,
                               COALESCE(SUM(CASE state WHEN :reserved THEN reserved_usd
                                                       WHEN :settled THEN COALESCE(used_usd, 0)
                                                       ELSE 0 END), 0) AS usd
                          FROM quota_admissions WHERE user_id = :user AND admitted_at >= :since
                        """)
                .bind("reserved", AdmissionState.RESERVED)
                .bind("settled", AdmissionState.SETTLED)
                .bind("user", userId)
                .bind("since", since)
                .map((rs, ctx) -> new Charged(rs.getLong("tokens"), rs.getDouble("usd")))
                .one();
    }

    /** Dollars and cents, and more digits for a budget under a dollar. */
    private static String usd(double amount) {
        return String.format(amount < 1 ? "$%.4f" : "$%.2f", amount);
    }

    private static long secondsUntil(ZonedDateTime next, long now) {
        return Math.max(1, (next.toInstant().toEpochMilli() - now + 999) / 1000);
    }
}
