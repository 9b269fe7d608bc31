package io.askflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.askflow.activities.quota.QuotaActivitiesImpl;
import io.askflow.activities.quota.QuotaLimits;
import io.askflow.workflows.FailureType;
import io.askflow.workflows.activity.QuotaRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotaActivitiesTest {

    @TempDir
    Path dir;

    SqliteDatabase db;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void retriedCheckChargesOnce() {
        db = new SqliteDatabase(dir);
        db.insertQuestion("q1", 1);
        db.insertQuestion("q2", 1);
        QuotaActivitiesImpl quota = new QuotaActivitiesImpl(db.jdbi, new QuotaLimits(2), clock, meters);

        quota.checkQuota(new QuotaRequest("q1", 1));
        quota.checkQuota(new QuotaRequest("q1", 1));
        quota.checkQuota(new QuotaRequest("q1", 1));
        quota.checkQuota(new QuotaRequest("q2", 1));

        assertThat(admissions()).isEqualTo(2);
        assertThat(status("q1")).isEqualTo("running");
    }

    @Test
    void overTheLimitFailsPermanentlyWithRetryAfter() {
        db = new SqliteDatabase(dir);
        for (String id : List.of("a", "b", "c")) {
            db.insertQuestion(id, 9);
        }
        QuotaActivitiesImpl quota = new QuotaActivitiesImpl(db.jdbi, new QuotaLimits(2), clock, meters);
        quota.checkQuota(new QuotaRequest("a", 9));
        quota.checkQuota(new QuotaRequest("b", 9));

        assertThatThrownBy(() -> quota.checkQuota(new QuotaRequest("c", 9)))
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
    void concurrentChecksNeverAdmitMoreThanTheLimit() throws Exception {
        db = new SqliteDatabase(dir);
        int requests = 12;
        int limit = 5;
        for (int i = 0; i < requests; i++) {
            db.insertQuestion("c" + i, 3);
        }
        QuotaActivitiesImpl quota = new QuotaActivitiesImpl(db.jdbi, new QuotaLimits(limit), clock, meters);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String id = "c" + i;
            calls.add(() -> {
                try {
                    quota.checkQuota(new QuotaRequest(id, 3));
                    return true;
                } catch (ApplicationFailure e) {
                    return false;
                }
            });
        }
        int admitted = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                admitted += result.get() ? 1 : 0;
            }
        }
        assertThat(admitted).isEqualTo(limit);
        assertThat(admissions()).isEqualTo(limit);
    }

    private long admissions() {
        return db.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM quota_admissions")
                .mapTo(Long.class)
                .one());
    }

    private String status(String id) {
        return db.jdbi.withHandle(h -> h.createQuery("SELECT status FROM questions WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
    }
}
