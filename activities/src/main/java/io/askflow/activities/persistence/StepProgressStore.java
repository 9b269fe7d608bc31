package io.askflow.activities.persistence;

import io.askflow.activities.stream.QuestionStream;
import io.askflow.workflows.StepStatus;
import java.time.Clock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Per-step progress rows, one per question and step: status, attempts, first start, finish, last failure.
 *
 * <p>A successful attempt's progress costs no transaction of its own. A step that is one short database
 * transaction records its completion inside that transaction ({@link #inAttemptTransaction}): the activity's
 * own Jdbi calls join the transaction opened here, since Jdbi hands nested calls on a thread the same handle.
 * The model step, which is long and writes several times, records an attempt as running with its first write
 * ({@link #attemptStarted}) and as completed with its last ({@link #inAttemptTransaction}; alone only when
 * its text was all written already), so that it shows as running while it runs. A failed attempt is recorded
 * after its work rolled back ({@link #attemptFinished}).
 */
public class StepProgressStore {

    private static final int MAX_FAILURE_LENGTH = 500;

    private final Jdbi jdbi;
    private final QuestionStream stream;

    public StepProgressStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.stream = new QuestionStream(jdbi, Clock.systemUTC());
    }

    /**
     * Records an attempt as running, in one transaction with the progress row's stream event and the step's
     * own first write.
     *
     * @param firstWrite the step's own work that commits with it (or rolls it back by throwing)
     */
    public void attemptStarted(String questionId, String step, int attempt, long now, Runnable firstWrite) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
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
                    .execute();
            stream.step(questionId, step, StepStatus.RUNNING, attempt);
            firstWrite.run();
        });
    }

    /**
     * Runs one attempt of a step in a transaction that also records the attempt as completed, so the step's
     * work and its progress commit together or not at all.
     *
     * @param startedAt when the attempt began, kept as the step's start unless an earlier attempt set it
     * @param finishedAt read when the work is done
     */
    public <T> T inAttemptTransaction(
            String questionId, String step, int attempt, long startedAt, Supplier<Long> finishedAt, Supplier<T> work) {
        return jdbi.inTransaction(handle -> {
            T result = work.get();
            record(questionId, step, attempt, StepStatus.COMPLETED, null, startedAt, finishedAt.get());
            return result;
        });
    }

    /**
     * Records how an attempt ended. A retrying step has no finish time yet; a failure message is kept until a
     * later failure replaces it.
     */
    public void attemptFinished(
            String questionId, String step, int attempt, StepStatus status, String failure, long startedAt, long now) {
        record(questionId, step, attempt, status, failure, startedAt, now);
    }

    private void record(
            String questionId, String step, int attempt, StepStatus status, String failure, long startedAt, long now) {
        String trimmed = failure == null || failure.length() <= MAX_FAILURE_LENGTH
                ? failure
                : failure.substring(0, MAX_FAILURE_LENGTH);
        // An attempt that timed out may still finish after its retry began: the count of attempts never goes back.
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                        INSERT INTO question_steps
                               (question_id, step, status, attempts, started_at, finished_at, last_failure)
                        VALUES (:id, :step, :status, :attempt, :startedAt, :finishedAt, :failure)
                        ON CONFLICT (question_id, step) DO UPDATE
                           SET status = excluded.status,
                               attempts = CASE WHEN excluded.attempts > question_steps.attempts
                                               THEN excluded.attempts ELSE question_steps.attempts END,
                               finished_at = excluded.finished_at,
                               last_failure = COALESCE(excluded.last_failure, question_steps.last_failure)
                        """)
                    .bind("id", questionId)
                    .bind("step", step)
                    .bind("status", status)
                    .bind("attempt", attempt)
                    .bind("startedAt", startedAt)
                    .bind("finishedAt", status == StepStatus.RETRYING ? null : now)
                    .bind("failure", trimmed)
                    .execute();
            stream.step(questionId, step, status, attempt);
        });
    }
}
