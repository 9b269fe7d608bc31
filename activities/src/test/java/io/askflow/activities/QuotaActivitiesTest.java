package io.askflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.askflow.activities.persistence.PersistenceActivitiesImpl;
import io.askflow.activities.quota.QuotaActivitiesImpl;
import io.askflow.activities.quota.QuotaLimits;
import io.askflow.testing.SqliteDatabase;
import io.askflow.workflows.FailureType;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.Outcome;
import io.askflow.workflows.activity.QuotaRequest;
import io.askflow.workflows.activity.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits against a real, migrated SQLite database. */
class QuotaActivitiesTest {

    /** A 40-character question is estimated at 10 prompt tokens + 1000 reserved for the answer. */
    static final String QUESTION = "x".repeat(40);

    static final long ESTIMATE = 1010;

    @TempDir
    Path dir;

    SqliteDatabase db;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private QuotaActivitiesImpl quota(
            int requestsPerMinute, long tokensPerDay, Map<Long, QuotaLimits.Limit> overrides) {
        return new QuotaActivitiesImpl(
                db.jdbi,
                new QuotaLimits(
                        new QuotaLimits.Limit(requestsPerMinute, tokensPerDay, null, null), 1000, overrides, null),
                clock,
                meters);
    }

    private static QuotaRequest request(String id, long user) {
        return new QuotaRequest(id, user, QUESTION.length());
    }

    @Test
    void retriedCheckChargesOnce() {
        db.insertQuestion("q1", 1);
        db.insertQuestion("q2", 1);
        QuotaActivitiesImpl quota = quota(2, 1_000_000, Map.of());

        quota.checkQuota(request("q1", 1));
        quota.checkQuota(request("q1", 1));
        quota.checkQuota(request("q1", 1));
        quota.checkQuota(request("q2", 1));

        assertThat(admissions()).isEqualTo(2);
        assertThat(reserved(1)).isEqualTo(2 * ESTIMATE);
        assertThat(status("q1")).isEqualTo("running");
    }

    @Test
    void overTheRequestLimitFailsPermanentlyWithRetryAfter() {
        for (String id : List.of("a", "b", "c")) {
            db.insertQuestion(id, 9);
        }
        QuotaActivitiesImpl quota = quota(2, 1_000_000, Map.of());
        quota.checkQuota(request("a", 9));
        quota.checkQuota(request("b", 9));

        assertThatThrownBy(() -> quota.checkQuota(request("c", 9)))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(FailureType.QUOTA_EXCEEDED.name());
                    assertThat(failure.isNonRetryable()).isTrue();
                    assertThat(failure.getDetails().get(Long.class)).isEqualTo(60L);
                });
        assertThat(status("c")).isEqualTo("queued");
        assertThat(meters.counter("askflow.quota.rejections", "limit", "requests_per_minute")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void tokensPerDayAreReservedThenSettledToTheRealUsage() {
        for (String id : List.of("t1", "t2", "t3")) {
            db.insertQuestion(id, 5);
        }
        QuotaActivitiesImpl quota = quota(100, 2 * ESTIMATE + 25, Map.of());
        quota.checkQuota(request("t1", 5));
        quota.checkQuota(request("t2", 5));

        assertThatThrownBy(() -> quota.checkQuota(request("t3", 5)))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getOriginalMessage()).contains("tokens for today");
                    // until midnight UTC, from noon
                    assertThat(failure.getDetails().get(Long.class)).isEqualTo(12 * 3600L);
                });

        // the model answered t1 with 20 tokens: SaveAnswer settles the reservation to that
        new PersistenceActivitiesImpl(db.jdbi)
                .saveAnswer(new Outcome(
                        "t1",
                        QuestionStatus.COMPLETED,
                        new Generation("answer", "m", new Usage(12, 8, 0, 20), 0.0, 1, false),
                        null,
                        null,
                        1));
        quota.checkQuota(request("t3", 5));

        assertThat(reserved(5)).isEqualTo(20 + 2 * ESTIMATE);
        assertThat(meters.counter("askflow.quota.rejections", "limit", "tokens_per_day")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aFailedModelCallReleasesItsReservationOnce() {
        db.insertQuestion("f1", 6);
        db.insertQuestion("f2", 6);
        QuotaActivitiesImpl quota = quota(100, ESTIMATE, Map.of());
        quota.checkQuota(request("f1", 6));

        quota.releaseQuota("f1");
        quota.releaseQuota("f1");

        assertThat(reserved(6)).isZero();
        quota.checkQuota(request("f2", 6));
        assertThat(reserved(6)).isEqualTo(ESTIMATE);
    }

    @Test
    void perUserOverridesReplaceTheDefaults() {
        for (String id : List.of("o1", "o2", "o3")) {
            db.insertQuestion(id, 42);
        }
        db.insertQuestion("n1", 43);
        db.insertQuestion("n2", 43);
        QuotaActivitiesImpl quota = quota(1, 1_000_000, Map.of(42L, new QuotaLimits.Limit(3, 1_000_000, null, null)));

        quota.checkQuota(request("o1", 42));
        quota.checkQuota(request("o2", 42));
        quota.checkQuota(request("o3", 42));
        quota.checkQuota(request("n1", 43));

        assertThatThrownBy(() -> quota.checkQuota(request("n2", 43))).isInstanceOf(ApplicationFailure.class);
    }

    @Test
    void concurrentChecksNeverOvershootEitherLimit() throws Exception {
        int requests = 12;
        for (int i = 0; i < requests; i++) {
            db.insertQuestion("c" + i, 3);
        }
        // the token budget admits exactly 4, the request limit would allow 10
        QuotaActivitiesImpl quota = quota(10, 4 * ESTIMATE + 100, Map.of());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ids.add("c" + i);
        }

        int admitted = ConcurrentChecks.admitted(List.of(quota), ids, 3, QUESTION.length());

        assertThat(admitted).isEqualTo(4);
        assertThat(admissions()).isEqualTo(4);
        assertThat(reserved(3)).isEqualTo(4 * ESTIMATE);
    }

    @Test
    void twoWorkersSharingTheDatabaseAdmitExactlyTheLimitInTotal() throws Exception {
        int requests = 16;
        for (int i = 0; i < requests; i++) {
            db.insertQuestion("w" + i, 8);
        }
        // a second pool on the same file stands for a second worker process
        try (SqliteDatabase other = new SqliteDatabase(dir)) {
            QuotaLimits limits = new QuotaLimits(new QuotaLimits.Limit(5, 1_000_000, null, null), 1000, Map.of(), null);
            List<QuotaActivitiesImpl> workers = List.of(
                    new QuotaActivitiesImpl(db.jdbi, limits, clock, meters),
                    new QuotaActivitiesImpl(other.jdbi, limits, clock, meters));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                ids.add("w" + i);
            }
            int admitted = ConcurrentChecks.admitted(workers, ids, 8, QUESTION.length());
            assertThat(admitted).isEqualTo(5);
            assertThat(admissions()).isEqualTo(5);
        }
    }

    @Test
    void aDailyUsdBudgetHoldsUnderConcurrentQuestionsFromTwoWorkers() throws Exception {
        // a second pool on the same file stands for a second worker process
        try (SqliteDatabase other = new SqliteDatabase(dir)) {
            SpendChecks.concurrentQuestionsNeverExceedTheBudget(db.jdbi, other.jdbi, 21, clock);
        }
    }

    @Test
    void overTheDailyBudgetIsRejectedUntilMidnightWithTheReason() {
        db.insertQuestion("d1", 22);
        db.insertQuestion("d2", 22);
        QuotaActivitiesImpl quota =
                new QuotaActivitiesImpl(db.jdbi, SpendChecks.dailyBudget(1.5 * SpendChecks.RESERVE), clock, meters);
        quota.checkQuota(new QuotaRequest("d1", 22, SpendChecks.QUESTION_LENGTH));

        assertThatThrownBy(() -> quota.checkQuota(new QuotaRequest("d2", 22, SpendChecks.QUESTION_LENGTH)))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(FailureType.QUOTA_EXCEEDED.name());
                    assertThat(failure.getOriginalMessage()).contains("spend limit of $0.0032 for today (UTC)");
                    assertThat(failure.getDetails().get(Long.class)).isEqualTo(12 * 3600L);
                });

        // released (the model failed for good): the reservation no longer counts
        quota.releaseQuota("d1");
        quota.checkQuota(new QuotaRequest("d2", 22, SpendChecks.QUESTION_LENGTH));
    }

    @Test
    void anOverrideWithoutSpendLimitsKeepsTheDefaultOnes() {
        QuotaLimits limits = new QuotaLimits(
                new QuotaLimits.Limit(5, 1000, 1.0, 10.0),
                1000,
                Map.of(7L, new QuotaLimits.Limit(60, 5000, null, 50.0)),
                SpendChecks.PRICE);

        assertThat(limits.of(7)).isEqualTo(new QuotaLimits.Limit(60, 5000, 1.0, 50.0));
        assertThat(limits.of(8)).isEqualTo(new QuotaLimits.Limit(5, 1000, 1.0, 10.0));
    }

    @Test
    void overTheMonthlyBudgetIsRejectedUntilTheFirstOfNextMonth() {
        for (String id : List.of("m1", "m2")) {
            db.insertQuestion(id, 23);
        }
        QuotaLimits limits = new QuotaLimits(
                new QuotaLimits.Limit(1000, 1_000_000_000L, null, 1.5 * SpendChecks.RESERVE),
                1000,
                Map.of(),
                SpendChecks.PRICE);
        QuotaActivitiesImpl quota = new QuotaActivitiesImpl(db.jdbi, limits, clock, meters);
        quota.checkQuota(new QuotaRequest("m1", 23, SpendChecks.QUESTION_LENGTH));

        assertThatThrownBy(() -> quota.checkQuota(new QuotaRequest("m2", 23, SpendChecks.QUESTION_LENGTH)))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getOriginalMessage()).contains("for this month (UTC)");
                    // from 2026-11-23T12:00Z to 2026-12-01T00:00Z
                    assertThat(failure.getDetails().get(Long.class)).isEqualTo(7 * 86_400L + 12 * 3600L);
                });
    }

    private long admissions() {
        return db.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM quota_admissions")
                .mapTo(Long.class)
                .one());
    }

    /** What the user is charged today: open reservations plus settled usage. */
    private long reserved(long user) {
        return db.jdbi.withHandle(
                h -> h.createQuery("""
                        SELECT COALESCE(SUM(CASE state WHEN 'reserved' THEN reserved_tokens
                                                       WHEN 'settled' THEN used_tokens ELSE 0 END), 0)
                          FROM quota_admissions WHERE user_id = :user
                        """).bind("user", user).mapTo(Long.class).one());
    }

    private String status(String id) {
        return db.jdbi.withHandle(h -> h.createQuery("SELECT status FROM questions WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
    }
}
