package io.askflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.askflow.activities.model.ModelPrice;
import io.askflow.activities.persistence.PersistenceActivitiesImpl;
import io.askflow.activities.quota.QuotaActivitiesImpl;
import io.askflow.activities.quota.QuotaLimits;
import io.askflow.testing.TestRows;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.Outcome;
import io.askflow.workflows.activity.QuotaRequest;
import io.askflow.workflows.activity.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The daily USD budget under concurrent questions from two workers, the same on SQLite and PostgreSQL: the
 * budget fits five reservations, sixteen questions arrive at once, exactly five are admitted and the spend
 * reserved never exceeds the budget; a settled answer frees what it did not cost.
 */
final class SpendChecks {

    static final ModelPrice PRICE = new ModelPrice(1.0, 0.5, 2.0);
    static final int QUESTION_LENGTH = 40;
    /** A 40-char question: at most 3 × 40 + 16 prompt tokens at $1/M, and 1000 completion tokens at $2/M. */
    static final double RESERVE = ((3 * QUESTION_LENGTH + 16) * 1.0 + 1000 * 2.0) / 1e6;

    static final double BUDGET = 5.5 * RESERVE;

    private SpendChecks() {}

    static QuotaLimits dailyBudget(double usdPerDay) {
        return new QuotaLimits(new QuotaLimits.Limit(1000, 1_000_000_000L, usdPerDay, null), 1000, Map.of(), PRICE);
    }

    static void concurrentQuestionsNeverExceedTheBudget(Jdbi first, Jdbi second, long user, Clock clock)
            throws Exception {
        int requests = 16;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ids.add("usd-" + user + "-" + i);
            TestRows.insertQuestion(first, ids.get(i), user);
        }
        QuotaLimits limits = dailyBudget(BUDGET);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<QuotaActivitiesImpl> workers = List.of(
                new QuotaActivitiesImpl(first, limits, clock, meters),
                new QuotaActivitiesImpl(second, limits, clock, meters));

        assertThat(ConcurrentChecks.admitted(workers, ids, user, QUESTION_LENGTH))
                .isEqualTo(5);
        assertThat(reservedUsd(first, user))
                .isCloseTo(5 * RESERVE, offset(1e-12))
                .isLessThanOrEqualTo(BUDGET);
        assertThat(meters.counter("askflow.quota.rejections", "limit", "usd_per_day")
                        .count())
                .isEqualTo(requests - 5.0);

        // one answer cost far less than reserved: settling it frees room for one more question
        String answered = admittedIds(first, user).get(0);
        new PersistenceActivitiesImpl(first)
                .saveAnswer(new Outcome(
                        answered,
                        QuestionStatus.COMPLETED,
                        new Generation("a", "m", new Usage(10, 10, 0, 20), 0.00003, 1, false),
                        null,
                        null,
                        1));
        String late = "usd-" + user + "-late";
        TestRows.insertQuestion(first, late, user);
        workers.get(1).checkQuota(new QuotaRequest(late, user, QUESTION_LENGTH));
        assertThat(reservedUsd(first, user)).isCloseTo(5 * RESERVE + 0.00003, offset(1e-12));
    }

    /** Reserved spend of open reservations plus settled spend: what the budget is checked against. */
    static double reservedUsd(Jdbi jdbi, long user) {
        return jdbi.withHandle(
                h -> h.createQuery("""
                        SELECT COALESCE(SUM(CASE state WHEN 'reserved' THEN reserved_usd
                                                       WHEN 'settled' THEN used_usd ELSE 0 END), 0)
                          FROM quota_admissions WHERE user_id = :user
                        """).bind("user", user).mapTo(Double.class).one());
    }

    private static List<String> admittedIds(Jdbi jdbi, long user) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT question_id FROM quota_admissions WHERE user_id = :user ORDER BY question_id")
                .bind("user", user)
                .mapTo(String.class)
                .list());
    }
}
