package io.askflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.askflow.activities.housekeeping.HousekeepingActivitiesImpl;
import io.askflow.activities.housekeeping.Retention;
import io.askflow.testing.SqliteDatabase;
import io.askflow.testing.TestRows;
import io.askflow.workflows.AskRequest;
import io.askflow.workflows.AskResult;
import io.askflow.workflows.AskWorkflow;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.TaskQueues;
import io.askflow.workflows.WorkflowIds;
import io.askflow.workflows.housekeeping.HousekeepingActivities.Purged;
import io.askflow.workflows.housekeeping.HousekeepingActivities.Swept;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention and the stranded-question sweeper on a real SQLite file and Temporal's test service. */
class HousekeepingActivitiesTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Duration DAY = Duration.ofDays(1);
    static final Retention RETENTION = new Retention(
            Duration.ofDays(90), Duration.ofDays(35), Duration.ofDays(7), Duration.ofMinutes(2), DAY, 100);

    /** Questions whose workflow the stand-in ran, and how it should end: block (keep running) or return. */
    static final Map<String, Boolean> keepRunning = new ConcurrentHashMap<>();

    /** Stands in for AskWorkflow: records that it ran, then returns at once or keeps running. */
    public static class AskWorkflowStandIn implements AskWorkflow {

        private boolean done;

        @Override
        public AskResult ask(AskRequest request) {
            if (keepRunning.getOrDefault(request.questionId(), false)) {
                Workflow.await(() -> done);
            }
            return new AskResult(QuestionStatus.COMPLETED, null, 0);
        }

        @Override
        public AskResult awaitAnswer() {
            return null;
        }
    }

    @TempDir
    Path dir;

    SqliteDatabase db;
    TestWorkflowEnvironment temporal;
    HousekeepingActivitiesImpl housekeeping;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir);
        temporal = TestWorkflowEnvironment.newInstance();
        Worker worker = temporal.newWorker(TaskQueues.ASK);
        worker.registerWorkflowImplementationTypes(AskWorkflowStandIn.class);
        temporal.start();
        housekeeping = new HousekeepingActivitiesImpl(
                db.jdbi, temporal.getWorkflowClient(), RETENTION, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        temporal.close();
        db.close();
    }

    @Test
    void retentionDeletesOnlyWhatIsPastItsAge() {
        TestRows.insertQuestion(db.jdbi, "q-old", 1);
        TestRows.insertQuestion(db.jdbi, "q-new", 1);
        telemetryEvent("q-old", NOW.minus(Duration.ofDays(91)));
        telemetryEvent("q-new", NOW.minus(Duration.ofDays(89)));
        admission("q-old", NOW.minus(Duration.ofDays(36)));
        admission("q-new", NOW.minus(Duration.ofDays(34)));
        cacheEntry("expired", NOW.minusSeconds(1));
        cacheEntry("fresh", NOW.plusSeconds(60));
        signInState("expired", NOW.minusSeconds(1));
        signInState("pending", NOW.plusSeconds(60));
        streamEvent("q-old", NOW.minus(Duration.ofDays(8)), true);
        streamEvent("q-new", NOW.minus(Duration.ofDays(8)), false); // still open: kept, however old

        assertThat(housekeeping.purgeExpired()).isEqualTo(new Purged(1, 1, 1, 1, 1));

        assertThat(ids("SELECT question_id FROM telemetry_events")).containsExactly("q-new");
        assertThat(ids("SELECT question_id FROM quota_admissions")).containsExactly("q-new");
        assertThat(ids("SELECT cache_key FROM answer_cache")).containsExactly("fresh");
        assertThat(ids("SELECT state FROM oauth_states")).containsExactly("pending");
        // a second run finds nothing more
        assertThat(ids("SELECT question_id FROM question_events")).containsExactly("q-new");
        assertThat(housekeeping.purgeExpired()).isEqualTo(new Purged(0, 0, 0, 0, 0));
    }

    private void streamEvent(String questionId, Instant at, boolean closed) {
        db.jdbi.useHandle(handle -> {
            handle.execute(
                    "UPDATE questions SET stream_seq = 1, stream_closed = ?, completed_at = ? WHERE id = ?",
                    closed,
                    closed ? at.toEpochMilli() : null,
                    questionId);
            handle.execute(
                    "INSERT INTO question_events (question_id, seq, kind, data, created_at) VALUES (?, 1, 'done', '{}', ?)",
                    questionId,
                    at.toEpochMilli());
        });
    }

    @Test
    void aQuestionLeftQueuedIsStartedOnceAndARecentOneIsLeftToItsGateway() {
        queuedQuestion("stranded", NOW.minus(Duration.ofMinutes(5)));
        queuedQuestion("just-accepted", NOW.minusSeconds(30));

        assertThat(housekeeping.restartStranded()).isEqualTo(new Swept(1, 0, 0));

        AskResult result = temporal.getWorkflowClient()
                .newUntypedWorkflowStub(WorkflowIds.forQuestion("stranded"))
                .getResult(AskResult.class);
        assertThat(result.status()).isEqualTo(QuestionStatus.COMPLETED);
        assertThat(workflowExists("just-accepted")).isFalse();
    }

    @Test
    void aQuestionWhoseWorkflowIsStillRunningIsLeftAlone() {
        keepRunning.put("slow", true);
        queuedQuestion("slow", NOW.minus(Duration.ofMinutes(5)));
        assertThat(housekeeping.restartStranded()).isEqualTo(new Swept(1, 0, 0));

        assertThat(housekeeping.restartStranded()).isEqualTo(new Swept(0, 1, 0));
        assertThat(status("slow")).isEqualTo("queued");
    }

    @Test
    void aQuestionWhoseWorkflowEndedWithoutAnOutcomeIsFailedWithTheReason() {
        queuedQuestion("lost", NOW.minus(Duration.ofMinutes(5)));
        housekeeping.restartStranded();
        temporal.getWorkflowClient()
                .newUntypedWorkflowStub(WorkflowIds.forQuestion("lost"))
                .getResult(AskResult.class);

        // the stand-in saved nothing: the row is still queued, and its workflow is over
        assertThat(housekeeping.restartStranded()).isEqualTo(new Swept(0, 0, 1));
        assertThat(status("lost")).isEqualTo("failed");
        assertThat(errorCode("lost")).isEqualTo("stranded");
    }

    @Test
    void aQuestionTooOldToStartIsFailedWithoutStartingIt() {
        queuedQuestion("ancient", NOW.minus(DAY).minusSeconds(1));

        assertThat(housekeeping.restartStranded()).isEqualTo(new Swept(0, 0, 1));
        assertThat(status("ancient")).isEqualTo("failed");
        assertThat(workflowExists("ancient")).isFalse();
    }

    @Test
    void settingsThatWouldBreakTheLimitsAreRefused() {
        assertThatThrownBy(() -> new Retention(DAY, DAY, DAY, Duration.ofMinutes(2), DAY, 100))
                .hasMessageContaining("at least 2 days");
        assertThatThrownBy(() -> new Retention(DAY, Duration.ofDays(35), DAY, DAY, Duration.ofMinutes(2), 100))
                .hasMessageContaining("must be longer than stranded-after");
    }

    private void queuedQuestion(String id, Instant createdAt) {
        TestRows.insertQuestion(db.jdbi, id, 1);
        db.jdbi.useHandle(handle ->
                handle.execute("UPDATE questions SET created_at = ? WHERE id = ?", createdAt.toEpochMilli(), id));
    }

    private boolean workflowExists(String questionId) {
        try {
            temporal.getWorkflowClient()
                    .newUntypedWorkflowStub(WorkflowIds.forQuestion(questionId))
                    .describe();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String status(String id) {
        return column("status", id);
    }

    private String errorCode(String id) {
        return column("error_code", id);
    }

    private String column(String column, String id) {
        return db.jdbi.withHandle(handle -> handle.createQuery("SELECT " + column + " FROM questions WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
    }

    private List<String> ids(String sql) {
        return db.jdbi.withHandle(
                handle -> handle.createQuery(sql).mapTo(String.class).list());
    }

    private void telemetryEvent(String questionId, Instant at) {
        db.jdbi.useHandle(handle -> handle.execute("""
                        INSERT INTO telemetry_events (question_id, request_id, user_id, endpoint, question_length,
                            status, answer_length, cached, model_latency_ms, queue_latency_ms, total_latency_ms,
                            prompt_tokens, completion_tokens, cached_tokens, total_tokens, recorded_at)
                        VALUES (?, 'req', 1, '/ask', 5, 'completed', 2, FALSE, 1, 1, 1, 1, 1, 0, 2, ?)
                        """, questionId, at.toEpochMilli()));
    }

    private void admission(String questionId, Instant at) {
        db.jdbi.useHandle(handle -> handle.execute(
                "INSERT INTO quota_admissions (question_id, user_id, admitted_at) VALUES (?, 1, ?)",
                questionId,
                at.toEpochMilli()));
    }

    private void cacheEntry(String key, Instant expiresAt) {
        db.jdbi.useHandle(handle -> handle.execute(
                "INSERT INTO answer_cache (cache_key, answer, model, created_at, expires_at) VALUES (?, 'a', 'm', 0, ?)",
                key,
                expiresAt.toEpochMilli()));
    }

    private void signInState(String state, Instant expiresAt) {
        db.jdbi.useHandle(handle -> handle.execute(
                "INSERT INTO oauth_states (state, request, expires_at) VALUES (?, 'r', ?)",
                state,
                expiresAt.toEpochMilli()));
    }
}
