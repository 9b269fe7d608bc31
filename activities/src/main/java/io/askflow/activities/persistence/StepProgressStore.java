package io.askflow.activities.persistence;

import io.askflow.workflows.StepStatus;
import org.jdbi.v3.core.Jdbi;

/** Per-step progress rows, one per question and step, updated around every attempt. */
public class StepProgressStore {

    private static final int MAX_FAILURE_LENGTH = 500;

    private final Jdbi jdbi;

    public StepProgressStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void attemptStarted(String questionId, String step, int attempt, long now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO question_steps (question_id, step, status, attempts, started_at)
                        VALUES (:id, :step, :running, :attempt, :now)
                        ON CONFLICT (question_id, step) DO UPDATE
                           SET status = :running, attempts = excluded.attempts, finished_at = NULL
                        """)
                .bind("running", StepStatus.RUNNING)
                .bind("id", questionId)
                .bind("step", step)
                .bind("attempt", attempt)
                .bind("now", now)
                .execute());
    }

    public void attemptFinished(String questionId, String step, StepStatus status, String failure, long now) {
        String trimmed = failure == null || failure.length() <= MAX_FAILURE_LENGTH
                ? failure
                : failure.substring(0, MAX_FAILURE_LENGTH);
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE question_steps
                           SET status = :status,
                               finished_at = CASE WHEN :status = :retrying THEN NULL ELSE :now END,
                               last_failure = COALESCE(:failure, last_failure)
                         WHERE question_id = :id AND step = :step
                        """)
                .bind("id", questionId)
                .bind("step", step)
                .bind("status", status)
                .bind("retrying", StepStatus.RETRYING)
                .bind("failure", trimmed)
                .bind("now", now)
                .execute());
    }
}
