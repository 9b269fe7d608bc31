package io.askflow.activities.stream;

import io.askflow.activities.model.AnswerSink;
import io.askflow.workflows.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One attempt of the model step writing its answer into the question's stream, in batches: the first piece
 * of text goes out at once (the time to first token is what a reader waits for), the rest at most once per
 * {@code every}, and whatever is left when the model finishes. Each batch is one append (one short
 * transaction), so a long answer costs a few writes a second, not one per token. Before each append it checks
 * that Temporal has not ended the attempt (see {@link AttemptHeartbeat}).
 *
 * <p>When the stream refuses an append (the question was cancelled and its stream closed, or a later attempt
 * has taken over after this one timed out), the attempt stops: nobody is reading what it writes any more.
 */
public final class StreamedAnswer implements AnswerSink {

    private final QuestionStream stream;
    private final String questionId;
    private final int attempt;
    private final long everyNanos;
    private final Runnable heartbeat;
    private final LongSupplier nanoTime;
    private final StringBuilder pending = new StringBuilder();
    private long lastAppendNanos;
    private boolean appendedOnce;

    /**
     * @param heartbeat called with every batch; throws when the attempt has been cancelled or has timed out
     */
    public StreamedAnswer(
            QuestionStream stream,
            String questionId,
            int attempt,
            Duration every,
            Runnable heartbeat,
            LongSupplier nanoTime) {
        this.stream = stream;
        this.questionId = questionId;
        this.attempt = attempt;
        this.everyNanos = every.toNanos();
        this.heartbeat = heartbeat;
        this.nanoTime = nanoTime;
    }

    /**
     * Starts the attempt's answer: the first attempt claims the stream, a later one writes a {@code retry}
     * event first so that readers drop what an earlier attempt wrote.
     *
     * @param previousFailure why the previous attempt ended, for the retry event; null when unknown
     */
    public void begin(String previousFailure) {
        boolean taken = attempt <= 1
                ? stream.claim(questionId, attempt)
                : stream.retry(
                        questionId,
                        attempt,
                        previousFailure == null ? "attempt " + (attempt - 1) + " did not finish" : previousFailure);
        if (!taken) {
            throw superseded();
        }
    }

    @Override
    public void delta(String text) {
        pending.append(text);
        if (!appendedOnce || nanoTime.getAsLong() - lastAppendNanos >= everyNanos) {
            flush();
        }
    }

    @Override
    public void restart(String reason) {
        pending.setLength(0);
        heartbeat.run();
        if (!stream.retry(questionId, attempt, reason)) {
            throw superseded();
        }
        appendedOnce = false;
    }

    /** Appends what is left; the model has finished. */
    public void finish() {
        flush();
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        heartbeat.run();
        if (!stream.delta(questionId, attempt, pending.toString())) {
            throw superseded();
        }
        pending.setLength(0);
        lastAppendNanos = nanoTime.getAsLong();
        appendedOnce = true;
    }

    private ApplicationFailure superseded() {
        // Non-retryable: a closed stream means the question is final, and a superseded attempt's result is
        // ignored by Temporal anyway. Its own type, so that no model's circuit breaker counts it as an outage.
        return ApplicationFailure.newNonRetryableFailure(
                "the question's stream is closed or attempt " + attempt + " was superseded by a later one",
                FailureType.STREAM_CLOSED.name());
    }
}
