package io.askflow.gateway.questions;

import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.StreamEventKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.springframework.stereotype.Repository;

/**
 * The gateway's side of the questions' event streams: it reads what the worker's steps appended (see the
 * worker's {@code QuestionStream} for how offsets are taken), and closes the stream of a question it fails
 * itself.
 */
@Repository
class QuestionEventRepository {

    /** One stored event; {@code data} is its JSON, as the event carries it. */
    record StoredEvent(long seq, StreamEventKind kind, String data) {

        static final RowMapper<StoredEvent> MAPPER = ConstructorMapper.of(StoredEvent.class);
    }

    /**
     * @param streamSeq the offset of the stream's last event
     * @param streamClosed true once the stream's done event is written
     * @param status the question's status
     * @param completedAt when the question became final, or null
     */
    record StreamState(long streamSeq, boolean streamClosed, QuestionStatus status, Instant completedAt) {

        static final RowMapper<StreamState> MAPPER = ConstructorMapper.of(StreamState.class);

        /**
         * Whether nothing more will be appended: the done event is written, or the question has been final for
         * a while without one (saved by a worker of a version before streams, during a rolling deploy).
         */
        boolean finished(Instant now) {
            return streamClosed
                    || (status.isTerminal()
                            && completedAt != null
                            && completedAt.plus(UNCLOSED_GRACE).isBefore(now));
        }

        /** The offset of the done event: written, or, for a stream never closed, the one after the last. */
        long doneOffset() {
            return streamClosed ? streamSeq : streamSeq + 1;
        }
    }

    /** How long a final question's stream may stay open before readers take it as finished anyway. */
    static final Duration UNCLOSED_GRACE = Duration.ofSeconds(10);

    private final Jdbi jdbi;

    QuestionEventRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Up to {@code limit} events after offset {@code after}, in order. */
    List<StoredEvent> after(String questionId, long after, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT seq, kind, data FROM question_events
                         WHERE question_id = :id AND seq > :after
                         ORDER BY seq
                         LIMIT :limit
                        """)
                .bind("id", questionId)
                .bind("after", after)
                .bind("limit", limit)
                .map(StoredEvent.MAPPER)
                .list());
    }

    Optional<StreamState> state(String questionId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT stream_seq, stream_closed, status, completed_at FROM questions WHERE id = :id")
                .bind("id", questionId)
                .map(StreamState.MAPPER)
                .findOne());
    }

    /** Appends the done event and closes the stream, in the caller's transaction; a closed stream is left be. */
    static void close(Handle handle, String questionId, long now) {
        Optional<Long> seq =
                handle.createQuery("""
                        UPDATE questions SET stream_seq = stream_seq + 1, stream_closed = TRUE
                         WHERE id = :id AND NOT stream_closed
                        RETURNING stream_seq
                        """).bind("id", questionId).mapTo(Long.class).findOne();
        seq.ifPresent(offset -> handle.createUpdate("""
                        INSERT INTO question_events (question_id, seq, kind, data, created_at)
                        VALUES (:id, :seq, :kind, '{}', :now)
                        """)
                .bind("id", questionId)
                .bind("seq", offset)
                .bind("kind", StreamEventKind.DONE)
                .bind("now", now)
                .execute());
    }
}
