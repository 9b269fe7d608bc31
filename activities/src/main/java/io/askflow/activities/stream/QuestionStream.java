package io.askflow.activities.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.askflow.workflows.StepStatus;
import io.askflow.workflows.StreamEventKind;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Appends to a question's stream of events ({@code question_events}), which every gateway reads to serve
 * {@code GET /questions/{id}/events}. The database is the stream's durable, shared home: what a worker
 * appended survives the worker, and any gateway can serve any reader from any offset.
 *
 * <p>An append numbers its event by bumping the counter on the question's row, in the same transaction as the
 * insert. The row lock that takes makes appends to one question commit one at a time, in offset order and
 * without gaps, so a reader that has seen offset n has seen everything before it. The same statement refuses
 * an append to a closed stream (its {@code done} written) and a delta from an attempt that a later attempt
 * has taken over from: a model call abandoned by a timeout cannot write into its successor's answer.
 *
 * <p>Calls join the caller's transaction when there is one (Jdbi hands nested calls on a thread the same
 * handle): the {@code done} event commits with the question's final state.
 */
public class QuestionStream {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final Clock clock;

    public QuestionStream(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** A step's progress; ignored once the stream is closed (telemetry runs after the answer). */
    public void step(String questionId, String step, StepStatus status, int attempt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", step);
        data.put("status", status.wireName());
        data.put("attempt", attempt);
        append(questionId, StreamEventKind.STEP, json(data), null, false);
    }

    /**
     * Answer text from attempt {@code attempt} of the model step.
     *
     * @return false when the stream is closed or a later attempt has taken over: this attempt should stop
     */
    public boolean delta(String questionId, int attempt, String text) {
        return append(questionId, StreamEventKind.DELTA, json(Map.of("text", text)), attempt, false);
    }

    /**
     * The answer starts again, in attempt {@code attempt}: readers drop the deltas they have. From here on
     * only deltas of this attempt or a later one are taken.
     *
     * @return false when the stream is closed or a later attempt has already begun (a restart within one
     *     attempt, when a fallback model takes over, passes the same attempt again)
     */
    public boolean retry(String questionId, int attempt, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("attempt", attempt);
        data.put("reason", reason);
        return append(questionId, StreamEventKind.RETRY, json(data), attempt, true);
    }

    /** Makes attempt {@code attempt} the one whose deltas count, without an event (a first attempt). */
    public boolean claim(String questionId, int attempt) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                                UPDATE questions SET stream_attempt = :attempt
                                 WHERE id = :id AND NOT stream_closed AND stream_attempt <= :attempt
                                """)
                        .bind("id", questionId)
                        .bind("attempt", attempt)
                        .execute())
                == 1;
    }

    /** Writes the {@code done} event and closes the stream; a stream closed already is left as it is. */
    public void close(String questionId) {
        jdbi.useTransaction(handle -> {
            append(questionId, StreamEventKind.DONE, "{}", null, false);
            handle.createUpdate("UPDATE questions SET stream_closed = TRUE WHERE id = :id")
                    .bind("id", questionId)
                    .execute();
        });
    }

    /** Why the last failed attempt of a step failed, as its progress recorded it; null when nothing was recorded. */
    public String lastFailure(String questionId, String step) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT last_failure FROM question_steps WHERE question_id = :id AND step = :step")
                .bind("id", questionId)
                .bind("step", step)
                .mapTo(String.class)
                .findOne()
                .orElse(null));
    }

    private boolean append(String questionId, StreamEventKind kind, String data, Integer attempt, boolean takeOver) {
        return jdbi.inTransaction(handle -> {
            Long seq = next(handle, questionId, attempt, takeOver);
            if (seq == null) {
                return false;
            }
            handle.createUpdate("""
                            INSERT INTO question_events (question_id, seq, kind, data, created_at)
                            VALUES (:id, :seq, :kind, :data, :now)
                            """)
                    .bind("id", questionId)
                    .bind("seq", seq)
                    .bind("kind", kind)
                    .bind("data", data)
                    .bind("now", clock.millis())
                    .execute();
            return true;
        });
    }

    /**
     * Takes the next offset, or null when the append is refused. {@code attempt} null: any attempt may write
     * (steps, done); else only that attempt or a later one, and {@code takeOver} makes it the current one.
     */
    private static Long next(Handle handle, String questionId, Integer attempt, boolean takeOver) {
        String guard = attempt == null ? "" : " AND stream_attempt <= :attempt";
        String set = takeOver ? ", stream_attempt = :attempt" : "";
        var update = handle.createQuery("UPDATE questions SET stream_seq = stream_seq + 1" + set
                        + " WHERE id = :id AND NOT stream_closed" + guard + " RETURNING stream_seq")
                .bind("id", questionId);
        if (attempt != null) {
            update.bind("attempt", attempt.intValue());
        }
        return update.mapTo(Long.class).findOne().orElse(null);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a stream event", e);
        }
    }
}
