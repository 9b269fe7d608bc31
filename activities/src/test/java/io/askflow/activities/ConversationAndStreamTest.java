package io.askflow.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.askflow.activities.model.ChatPrompt;
import io.askflow.activities.model.ConversationHistory;
import io.askflow.activities.persistence.PersistenceActivitiesImpl;
import io.askflow.activities.stream.QuestionStream;
import io.askflow.testing.SqliteDatabase;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.StepStatus;
import io.askflow.workflows.activity.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conversation's context as the model gets it, and the rules of a question's stream, on a real database. */
class ConversationAndStreamTest {

    @TempDir
    Path dir;

    SqliteDatabase db;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir);
        db.jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO users (id, login, created_at, updated_at) VALUES (1, 'u', 0, 0)");
            handle.execute("INSERT INTO conversations (id, user_id, title, created_at, updated_at) "
                    + "VALUES ('c1', 1, 't', 0, 0)");
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theModelGetsTheEarlierAnsweredQuestionsOldestFirstTrimmedFromTheOldest() {
        // 40 characters a question and an answer: 10 + 10 tokens an exchange at four characters a token
        question("q1", 1, "completed", "a".repeat(40), "A".repeat(40));
        question("q2", 2, "failed", "b".repeat(40), null);
        question("q3", 3, "completed", "c".repeat(40), "C".repeat(40));
        question("q4", 4, "completed", "d".repeat(40), "D".repeat(40));
        question("q5", 5, "queued", "e".repeat(40), null);

        List<ChatPrompt.Turn> all = new ConversationHistory(db.jdbi, 1000).before("c1", "q5");
        List<ChatPrompt.Turn> budget = new ConversationHistory(db.jdbi, 45).before("c1", "q5");
        List<ChatPrompt.Turn> earlier = new ConversationHistory(db.jdbi, 1000).before("c1", "q3");

        assertThat(all)
                .extracting(ChatPrompt.Turn::question)
                .containsExactly("a".repeat(40), "c".repeat(40), "d".repeat(40));
        assertThat(budget).extracting(ChatPrompt.Turn::answer).containsExactly("C".repeat(40), "D".repeat(40));
        assertThat(earlier).extracting(ChatPrompt.Turn::question).containsExactly("a".repeat(40));
        assertThat(new ConversationHistory(db.jdbi, 1000).before(null, "q5")).isEmpty();
    }

    @Test
    void aStreamNumbersItsEventsInOrderAndRefusesSupersededAttemptsAndAnythingAfterDone() {
        question("q1", 1, "running", "What?", null);
        QuestionStream stream = new QuestionStream(db.jdbi, Clock.systemUTC());

        stream.step("q1", "GenerateAnswer", StepStatus.RUNNING, 1);
        assertThat(stream.claim("q1", 1)).isTrue();
        assertThat(stream.delta("q1", 1, "Hel")).isTrue();
        assertThat(stream.retry("q1", 2, "timed out")).isTrue();
        // the first attempt, timed out but still running, can no longer write into the answer
        assertThat(stream.delta("q1", 1, "lo")).isFalse();
        assertThat(stream.claim("q1", 1)).isFalse();
        assertThat(stream.delta("q1", 2, "Hello")).isTrue();
        new PersistenceActivitiesImpl(db.jdbi)
                .saveAnswer(new Outcome("q1", QuestionStatus.CANCELLED, null, "cancelled", "Cancelled.", 9));
        assertThat(stream.delta("q1", 2, " world")).isFalse();
        stream.step("q1", "RecordTelemetry", StepStatus.COMPLETED, 1);
        new PersistenceActivitiesImpl(db.jdbi)
                .saveAnswer(new Outcome("q1", QuestionStatus.CANCELLED, null, "cancelled", "Cancelled.", 9));

        List<Map<String, Object>> events = db.jdbi.withHandle(
                h -> h.createQuery("SELECT seq, kind, data FROM question_events WHERE question_id = 'q1' ORDER BY seq")
                        .mapToMap()
                        .list());
        assertThat(events).extracting(e -> ((Number) e.get("seq")).longValue()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events).extracting(e -> e.get("kind")).containsExactly("step", "delta", "retry", "delta", "done");
        assertThat(events.get(0).get("data"))
                .isEqualTo("{\"name\":\"GenerateAnswer\",\"status\":\"running\",\"attempt\":1}");
        assertThat(events.get(2).get("data")).isEqualTo("{\"attempt\":2,\"reason\":\"timed out\"}");
        assertThat(events.get(3).get("data")).isEqualTo("{\"text\":\"Hello\"}");
        Map<String, Object> row = db.jdbi.withHandle(
                h -> h.createQuery("SELECT status, stream_seq, stream_closed FROM questions WHERE id = 'q1'")
                        .mapToMap()
                        .one());
        assertThat(row.get("status")).isEqualTo("cancelled");
        assertThat(((Number) row.get("stream_seq")).longValue()).isEqualTo(5);
    }

    private void question(String id, long createdAt, String status, String question, String answer) {
        db.jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO questions
                               (id, conversation_id, user_id, request_id, question, status, answer, created_at)
                        VALUES (:id, 'c1', 1, 'r', :question, :status, :answer, :createdAt)
                        """)
                .bind("id", id)
                .bind("question", question)
                .bind("status", status)
                .bind("answer", answer)
                .bind("createdAt", createdAt)
                .execute());
    }
}
