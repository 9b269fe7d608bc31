package io.askflow.activities;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.askflow.activities.persistence.PersistenceActivitiesImpl;
import io.askflow.activities.quota.QuotaActivitiesImpl;
import io.askflow.activities.quota.QuotaLimits;
import io.askflow.db.Databases;
import io.askflow.testing.TestRows;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.Outcome;
import io.askflow.workflows.activity.QuotaRequest;
import io.askflow.workflows.activity.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits on PostgreSQL, the multi-node database, with the same migrations: concurrent checks through
 * two pools (two workers) never overshoot, and settle/release behave as on SQLite.
 */
class PostgresQuotaTest {

    static final long ESTIMATE = 1010;

    HikariDataSource first;
    HikariDataSource second;
    final Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void createDatabase() throws Exception {
        String admin = System.getenv("ASKFLOW_TEST_POSTGRES_URL");
        if (admin == null || admin.isBlank()) {
            if ("1".equals(System.getenv("ASKFLOW_E2E_REQUIRED"))) {
                throw new IllegalStateException("ASKFLOW_TEST_POSTGRES_URL is not set; run ./test.sh");
            }
            Assumptions.abort("no PostgreSQL: run ./test.sh (it starts one)");
        }
        String name = "askflow_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(admin);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        String url = admin.replace("/postgres?", "/" + name + "?");
        first = Databases.migrated(url);
        second = Databases.migrated(url);
    }

    @AfterEach
    void close() {
        if (first != null) {
            first.close();
            second.close();
        }
    }

    @Test
    void twoWorkersOnPostgresAdmitExactlyTheLimit() throws Exception {
        Jdbi a = Databases.jdbi(first);
        Jdbi b = Databases.jdbi(second);
        int requests = 16;
        for (int i = 0; i < requests; i++) {
            TestRows.insertQuestion(a, "p" + i, 11);
        }
        // tokens admit 4, requests per minute would admit 10
        QuotaLimits limits =
                new QuotaLimits(new QuotaLimits.Limit(10, 4 * ESTIMATE + 100, null, null), 1000, Map.of(), null);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<QuotaActivitiesImpl> workers = List.of(
                new QuotaActivitiesImpl(a, limits, clock, meters), new QuotaActivitiesImpl(b, limits, clock, meters));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ids.add("p" + i);
        }
        int admitted = ConcurrentChecks.admitted(workers, ids, 11, 40);
        assertThat(admitted).isEqualTo(4);
        long admissions = a.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM quota_admissions")
                .mapTo(Long.class)
                .one());
        assertThat(admissions).isEqualTo(4L);
    }

    @Test
    void aDailyUsdBudgetHoldsUnderConcurrentQuestionsFromTwoWorkersOnPostgres() throws Exception {
        SpendChecks.concurrentQuestionsNeverExceedTheBudget(Databases.jdbi(first), Databases.jdbi(second), 13, clock);
    }

    @Test
    void settleAndReleaseOnPostgres() {
        Jdbi jdbi = Databases.jdbi(first);
        TestRows.insertQuestion(jdbi, "s1", 12);
        TestRows.insertQuestion(jdbi, "s2", 12);
        QuotaActivitiesImpl quota = new QuotaActivitiesImpl(
                jdbi,
                new QuotaLimits(new QuotaLimits.Limit(10, 1_000_000, null, null), 1000, Map.of(), null),
                clock,
                new SimpleMeterRegistry());
        quota.checkQuota(new QuotaRequest("s1", 12, 40));
        quota.checkQuota(new QuotaRequest("s1", 12, 40));
        quota.checkQuota(new QuotaRequest("s2", 12, 40));

        new PersistenceActivitiesImpl(jdbi)
                .saveAnswer(new Outcome(
                        "s1",
                        QuestionStatus.COMPLETED,
                        new Generation("a", "m", new Usage(12, 8, 0, 20), 0.0, 1, false),
                        null,
                        null,
                        1));
        quota.releaseQuota("s2");

        List<Map<String, Object>> rows = jdbi.withHandle(
                h -> h.createQuery("SELECT question_id, state, used_tokens FROM quota_admissions ORDER BY question_id")
                        .mapToMap()
                        .list());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("state", "settled");
        assertThat(((Number) rows.get(0).get("used_tokens")).longValue()).isEqualTo(20);
        assertThat(rows.get(1)).containsEntry("state", "released");
    }
}
