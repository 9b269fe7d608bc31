package io.askflow.gateway.questions;

import io.askflow.gateway.web.ApiException;
import io.askflow.workflows.QuestionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Repository;

/**
 * The gateway's side of the questions table: it records a question when accepting it and reads history
 * and status; everything after acceptance is written by the workflow's steps.
 */
@Repository
class QuestionRepository {

    /** A conversation is titled with the start of its first question, up to this many characters. */
    private static final int TITLE_LENGTH = 80;

    private final Jdbi jdbi;

    QuestionRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Records a new question in one transaction, unless its idempotency key was used before: then nothing is
     * written and the question stored under that key is returned.
     */
    Optional<QuestionRow> insertUnlessKeyUsed(Submission submission) {
        var request = submission.request();
        return jdbi.inTransaction(handle -> {
            // The token is the proof of identity; the user row exists so that foreign keys and /me work even
            // for a user whose row predates a database reset.
            handle.createUpdate("""
                            INSERT INTO users (id, login, created_at, updated_at) VALUES (:id, :login, :now, :now)
                            ON CONFLICT (id) DO NOTHING
                            """)
                    .bind("id", request.userId())
                    .bind("login", submission.user().login())
                    .bind("now", request.acceptedAtMillis())
                    .execute();
            if (submission.idempotencyKey() != null) {
                Optional<QuestionRow> earlier = findByKey(handle, request.userId(), submission.idempotencyKey());
                if (earlier.isPresent()) {
                    return earlier;
                }
            }
            conversation(handle, submission);
            handle.createUpdate("""
                            INSERT INTO questions
                                   (id, conversation_id, user_id, idempotency_key, request_id, question, status,
                                    created_at)
                            VALUES (:id, :conversationId, :userId, :key, :requestId, :question, :status, :createdAt)
                            """)
                    .bind("id", request.questionId())
                    .bind("conversationId", request.conversationId())
                    .bind("userId", request.userId())
                    .bind("key", submission.idempotencyKey())
                    .bind("requestId", request.requestId())
                    .bind("question", request.question())
                    .bind("status", QuestionStatus.QUEUED)
                    .bind("createdAt", request.acceptedAtMillis())
                    .execute();
            return Optional.empty();
        });
    }

    /**
     * Starts the question's conversation, or moves the one it continues to the top of the user's list; someone
     * else's conversation, or one that does not exist, is not found (and the transaction rolls back).
     */
    private static void conversation(Handle handle, Submission submission) {
        var request = submission.request();
        if (submission.newConversation()) {
            String question = request.question();
            String title = question.codePointCount(0, question.length()) <= TITLE_LENGTH
                    ? question
                    : question.substring(0, question.offsetByCodePoints(0, TITLE_LENGTH));
            handle.createUpdate("""
                            INSERT INTO conversations (id, user_id, title, created_at, updated_at)
                            VALUES (:id, :userId, :title, :now, :now)
                            """)
                    .bind("id", request.conversationId())
                    .bind("userId", request.userId())
                    .bind("title", title)
                    .bind("now", request.acceptedAtMillis())
                    .execute();
            return;
        }
        int continued = handle.createUpdate("""
                        UPDATE conversations SET updated_at = :now WHERE id = :id AND user_id = :userId
                        """)
                .bind("id", request.conversationId())
                .bind("userId", request.userId())
                .bind("now", request.acceptedAtMillis())
                .execute();
        if (continued == 0) {
            throw ApiException.notFound();
        }
    }

    /** A question as stored with its steps, read on one connection; empty unless the user owns it. */
    Optional<QuestionResource> findOwned(String id, long userId, WorkflowLinks links) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + QuestionRow.COLUMNS + " FROM questions WHERE id = :id AND user_id = :userId")
                .bind("id", id)
                .bind("userId", userId)
                .map(QuestionRow.MAPPER)
                .findOne()
                .map(row -> QuestionResource.of(row, steps(handle, id), links)));
    }

    /** The question stored under an idempotency key, with its steps. */
    QuestionResource withSteps(QuestionRow row, WorkflowLinks links) {
        return jdbi.withHandle(handle -> QuestionResource.of(row, steps(handle, row.id()), links));
    }

    private static List<StepRow> steps(Handle handle, String questionId) {
        return handle.createQuery("""
                        SELECT step, status, attempts, started_at, finished_at, last_failure
                          FROM question_steps WHERE question_id = :id
                        """)
                .bind("id", questionId)
                .map(StepRow.MAPPER)
                .list();
    }

    /** Newest first; {@code after} is the last row of the previous page, or null for the first page. */
    List<QuestionRow> history(long userId, HistoryCursor after, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + QuestionRow.COLUMNS + """
                         FROM questions
                        WHERE user_id = :userId
                          AND (:first OR created_at < :createdAt OR (created_at = :createdAt AND id < :id))
                        ORDER BY created_at DESC, id DESC
                        LIMIT :limit
                        """)
                .bind("userId", userId)
                .bind("first", after == null)
                .bind("createdAt", after == null ? 0L : after.createdAt())
                .bind("id", after == null ? "" : after.id())
                .bind("limit", limit)
                .map(QuestionRow.MAPPER)
                .list());
    }

    /**
     * Cancels a question whose workflow does not exist, if it is still queued; true when it was.
     */
    boolean cancelQueued(String id, Instant now) {
        return jdbi.inTransaction(handle -> {
            int cancelled = handle.createUpdate("""
                            UPDATE questions SET status = :cancelled, error_code = 'cancelled',
                                   error_message = 'Cancelled by its owner.', completed_at = :now
                             WHERE id = :id AND status = :queued
                            """)
                    .bind("cancelled", QuestionStatus.CANCELLED)
                    .bind("queued", QuestionStatus.QUEUED)
                    .bind("now", now)
                    .bind("id", id)
                    .execute();
            if (cancelled == 1) {
                QuestionEventRepository.close(handle, id, now.toEpochMilli());
            }
            return cancelled == 1;
        });
    }

    /** Marks a question that could not be handed to Temporal, unless a step got to it first. */
    void markUnavailable(String id, String message, Instant now) {
        jdbi.useTransaction(handle -> {
            int marked = handle.createUpdate("""
                        UPDATE questions SET status = :failed, error_code = 'unavailable', error_message = :message,
                               completed_at = :now
                         WHERE id = :id AND status = :queued
                        """)
                    .bind("failed", QuestionStatus.FAILED)
                    .bind("queued", QuestionStatus.QUEUED)
                    .bind("message", message)
                    .bind("now", now)
                    .bind("id", id)
                    .execute();
            if (marked == 1) {
                QuestionEventRepository.close(handle, id, now.toEpochMilli());
            }
        });
    }

    private static Optional<QuestionRow> findByKey(Handle handle, long userId, String key) {
        return handle.createQuery("SELECT " + QuestionRow.COLUMNS
                        + " FROM questions WHERE user_id = :userId AND idempotency_key = :key")
                .bind("userId", userId)
                .bind("key", key)
                .map(QuestionRow.MAPPER)
                .findOne();
    }
}
