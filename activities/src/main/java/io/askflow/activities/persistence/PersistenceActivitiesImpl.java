package io.askflow.activities.persistence;

import io.askflow.activities.quota.AdmissionState;
import io.askflow.activities.stream.QuestionStream;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.Outcome;
import io.askflow.workflows.activity.PersistenceActivities;
import io.askflow.workflows.activity.Usage;
import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class PersistenceActivitiesImpl implements PersistenceActivities {

    private static final Logger log = LoggerFactory.getLogger(PersistenceActivitiesImpl.class);

    private final Jdbi jdbi;
    private final QuestionStream stream;

    public PersistenceActivitiesImpl(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.stream = new QuestionStream(jdbi, Clock.systemUTC());
    }

    @Override
    public void saveAnswer(Outcome outcome) {
        int updated = jdbi.inTransaction(handle -> {
            int saved = save(handle, outcome);
            // The stream's done event commits with the final state: a reader that sees done finds it saved.
            stream.close(outcome.questionId());
            return saved;
        });
        if (updated == 0) {
            log.info("question {} was already saved; nothing written", outcome.questionId());
        }
    }

    private static int save(Handle handle, Outcome outcome) {
        Generation generation = outcome.generation();
        Usage usage = generation == null ? null : generation.usage();
        if (usage != null) {
            // Settles CheckQuota's reservation to the real usage in the same transaction as the answer: a
            // question is never answered without being charged, nor charged twice.
            handle.createUpdate("""
                            UPDATE quota_admissions SET state = :settled, used_tokens = :used, used_usd = :usedUsd
                             WHERE question_id = :id AND state = :reserved
                            """)
                    .bind("settled", AdmissionState.SETTLED)
                    .bind("reserved", AdmissionState.RESERVED)
                    .bind("used", usage.totalTokens())
                    // a model without a price has no cost to settle: its reservation was zero as well
                    .bind("usedUsd", generation.costUsd() == null ? 0.0 : generation.costUsd())
                    .bind("id", outcome.questionId())
                    .execute();
        }
        // Only a question that is not final yet is written: a retry after a lost acknowledgement, or a
        // replay, finds the row final and changes nothing.
        return handle.createUpdate("""
                        UPDATE questions
                           SET status = :status, answer = :answer, model = :model, cached = :cached,
                               prompt_tokens = :prompt, completion_tokens = :completion,
                               cached_tokens = :cachedTokens, total_tokens = :total, cost_usd = :cost,
                               error_code = :errorCode, error_message = :errorMessage, completed_at = :finishedAt
                         WHERE id = :id AND status IN (:queued, :running)
                        """)
                .bind("queued", QuestionStatus.QUEUED)
                .bind("running", QuestionStatus.RUNNING)
                .bind("id", outcome.questionId())
                .bind("status", outcome.status())
                .bind("answer", generation == null ? null : generation.answer())
                .bind("model", generation == null ? null : generation.model())
                .bind("cached", generation != null && generation.cached())
                .bind("prompt", usage == null ? null : usage.promptTokens())
                .bind("completion", usage == null ? null : usage.completionTokens())
                .bind("cachedTokens", usage == null ? null : usage.cachedTokens())
                .bind("total", usage == null ? null : usage.totalTokens())
                .bind("cost", generation == null ? null : generation.costUsd())
                .bind("errorCode", outcome.errorCode())
                .bind("errorMessage", outcome.errorMessage())
                .bind("finishedAt", outcome.finishedAtMillis())
                .execute();
    }
}
