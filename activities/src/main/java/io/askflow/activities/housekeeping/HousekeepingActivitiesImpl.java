package io.askflow.activities.housekeeping;

import io.askflow.activities.stream.QuestionStream;
import io.askflow.workflows.AskRequest;
import io.askflow.workflows.AskWorkflow;
import io.askflow.workflows.AskWorkflowOptions;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.WorkflowIds;
import io.askflow.workflows.housekeeping.HousekeepingActivities;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The chores the housekeeping schedules run: retention, and questions stranded in {@code queued}. */
public class HousekeepingActivitiesImpl implements HousekeepingActivities {

    private static final Logger log = LoggerFactory.getLogger(HousekeepingActivitiesImpl.class);
    /** Telemetry's name for questions the sweeper started: their request never reached Temporal. */
    static final String SWEEPER_ENDPOINT = "housekeeping";
    /** The error code of a question the sweeper gave up on. */
    static final String STRANDED = "stranded";

    private final Jdbi jdbi;
    private final WorkflowClient temporal;
    private final Retention retention;
    private final Clock clock;

    public HousekeepingActivitiesImpl(Jdbi jdbi, WorkflowClient temporal, Retention retention, Clock clock) {
        this.jdbi = jdbi;
        this.temporal = temporal;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Purged purgeExpired() {
        long now = clock.millis();
        return jdbi.inTransaction(handle -> new Purged(
                handle.createUpdate("DELETE FROM telemetry_events WHERE recorded_at < :before")
                        .bind("before", now - retention.telemetryEvents().toMillis())
                        .execute(),
                handle.createUpdate("DELETE FROM quota_admissions WHERE admitted_at < :before")
                        .bind("before", now - retention.quotaAdmissions().toMillis())
                        .execute(),
                handle.createUpdate("DELETE FROM answer_cache WHERE expires_at < :now")
                        .bind("now", now)
                        .execute(),
                handle.createUpdate("DELETE FROM oauth_states WHERE expires_at < :now")
                        .bind("now", now)
                        .execute(),
                // A stream's events go all together, well after its question became final (its stream closed).
                handle.createUpdate("""
                                DELETE FROM question_events
                                 WHERE created_at < :before
                                   AND question_id IN (SELECT id FROM questions
                                                        WHERE stream_closed AND completed_at < :settled)
                                """)
                        .bind("before", now - retention.streamEvents().toMillis())
                        .bind("settled", now - retention.streamEvents().toMillis() - 60_000)
                        .execute()));
    }

    /** A question found queued: what starting its workflow again needs. */
    record Stranded(String id, long userId, String question, String requestId, long createdAt, String conversationId) {}

    @Override
    public Swept restartStranded() {
        long now = clock.millis();
        List<Stranded> stranded = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, user_id, question, request_id, created_at, conversation_id FROM questions
                         WHERE status = :queued AND created_at < :before
                         ORDER BY created_at
                         LIMIT :batch
                        """)
                .bind("queued", QuestionStatus.QUEUED)
                .bind("before", now - retention.strandedAfter().toMillis())
                .bind("batch", retention.batch())
                .map((rs, ctx) -> new Stranded(
                        rs.getString("id"),
                        rs.getLong("user_id"),
                        rs.getString("question"),
                        rs.getString("request_id"),
                        rs.getLong("created_at"),
                        rs.getString("conversation_id")))
                .list());
        int started = 0;
        int running = 0;
        int failed = 0;
        for (Stranded question : stranded) {
            WorkflowExecutionStatus workflow = workflowStatus(question);
            if (workflow == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                running++;
            } else if (workflow != null) {
                fail(question, "This question's workflow ended without saving an outcome; ask again.");
                failed++;
            } else if (question.createdAt() < now - retention.giveUpAfter().toMillis()) {
                fail(question, "This question was never started and is too old to start now; ask again.");
                failed++;
            } else {
                start(question);
                started++;
            }
        }
        if (!stranded.isEmpty()) {
            log.info("stranded questions: {} started, {} already running, {} failed", started, running, failed);
        }
        return new Swept(started, running, failed);
    }

    /** Starts the question's workflow; one started meanwhile by its gateway is joined, not duplicated. */
    private void start(Stranded question) {
        AskWorkflow workflow =
                temporal.newWorkflowStub(AskWorkflow.class, AskWorkflowOptions.forQuestion(question.id()));
        AskRequest request = new AskRequest(
                question.id(),
                question.userId(),
                question.question(),
                question.requestId(),
                SWEEPER_ENDPOINT,
                question.createdAt(),
                false,
                question.conversationId());
        try {
            WorkflowClient.start(workflow::ask, request);
            log.info("question {} was left queued; started its workflow", question.id());
        } catch (WorkflowExecutionAlreadyStarted e) {
            log.info("question {} finished meanwhile; not started again", question.id());
        }
    }

    /** The status of the question's workflow, or null when it has none. */
    private WorkflowExecutionStatus workflowStatus(Stranded question) {
        try {
            return temporal.newUntypedWorkflowStub(WorkflowIds.forQuestion(question.id()))
                    .describe()
                    .getStatus();
        } catch (WorkflowNotFoundException e) {
            return null;
        }
    }

    private void fail(Stranded question, String message) {
        jdbi.useTransaction(handle -> {
            int failed = handle.createUpdate("""
                        UPDATE questions SET status = :failed, error_code = :code, error_message = :message,
                               completed_at = :now
                         WHERE id = :id AND status = :queued
                        """)
                    .bind("failed", QuestionStatus.FAILED)
                    .bind("queued", QuestionStatus.QUEUED)
                    .bind("code", STRANDED)
                    .bind("message", message)
                    .bind("now", clock.millis())
                    .bind("id", question.id())
                    .execute();
            // anyone following the question's stream learns that it is final; a question its workflow got to
            // meanwhile is not this sweep's to close
            if (failed == 1) {
                new QuestionStream(jdbi, clock).close(question.id());
            }
        });
        log.warn("question {} was left queued and is failed: {}", question.id(), message);
    }
}
