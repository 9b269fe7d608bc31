package io.askflow.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.askflow.activities.persistence.PersistenceActivitiesImpl;
import io.askflow.testing.SqliteDatabase;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.Outcome;
import io.askflow.workflows.activity.Usage;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceActivitiesTest {

    @TempDir
    Path dir;

    SqliteDatabase db;

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void retriedSaveWritesOneRowAndKeepsTheFirstOutcome() {
        db = new SqliteDatabase(dir);
        db.insertQuestion("q1", 1);
        PersistenceActivitiesImpl activities = new PersistenceActivitiesImpl(db.jdbi);
        Generation first = new Generation("first answer", "gpt-4o-mini", new Usage(10, 5, 2, 15), 0.000004, 12, false);
        Generation second = new Generation("second answer", "gpt-4o-mini", new Usage(1, 1, 0, 2), 0.000001, 3, false);

        activities.saveAnswer(new Outcome("q1", QuestionStatus.COMPLETED, first, null, null, 1000));
        activities.saveAnswer(new Outcome("q1", QuestionStatus.COMPLETED, second, null, null, 2000));
        activities.saveAnswer(new Outcome("q1", QuestionStatus.FAILED, null, "model_error", "boom", 3000));

        Map<String, Object> row = db.jdbi.withHandle(
                h -> h.createQuery("SELECT * FROM questions").mapToMap().one());
        int rows = db.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM questions")
                .mapTo(Integer.class)
                .one());
        assertThat(rows).isEqualTo(1);
        assertThat(row.get("status")).isEqualTo("completed");
        assertThat(row.get("answer")).isEqualTo("first answer");
        assertThat(((Number) row.get("cached_tokens")).longValue()).isEqualTo(2);
        assertThat(((Number) row.get("completed_at")).longValue()).isEqualTo(1000);
        assertThat(row.get("error_code")).isNull();
    }

    @Test
    void savesFailures() {
        db = new SqliteDatabase(dir);
        db.insertQuestion("q2", 1);
        new PersistenceActivitiesImpl(db.jdbi)
                .saveAnswer(new Outcome("q2", QuestionStatus.FAILED, null, "model_quota_exhausted", "no credit", 5));

        Map<String, Object> row = db.jdbi.withHandle(
                h -> h.createQuery("SELECT * FROM questions").mapToMap().one());
        assertThat(row.get("status")).isEqualTo("failed");
        assertThat(row.get("error_code")).isEqualTo("model_quota_exhausted");
        assertThat(row.get("answer")).isNull();
    }
}
