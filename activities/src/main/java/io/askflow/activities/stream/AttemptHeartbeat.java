package io.askflow.activities.stream;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;

/**
 * Heartbeats for one attempt of the model step from a virtual thread of its own, as long as the attempt runs,
 * whether or not the model is writing: a model that thinks for a while before its first token is not taken
 * for a dead worker, while a worker that really died stops heartbeating and its attempt is retried after the
 * step's heartbeat timeout, not after its whole timeout.
 *
 * <p>A heartbeat is also how Temporal tells an attempt that its question was cancelled (or that the attempt
 * timed out): {@link #check()} then throws, and the attempt stops at its next piece of text.
 */
public final class AttemptHeartbeat implements AutoCloseable {

    private final Thread beater;
    private volatile ActivityCompletionException ended;
    private volatile boolean closed;

    private AttemptHeartbeat(ActivityExecutionContext context, Duration every) {
        beater = Thread.ofVirtual()
                .name("heartbeat-" + context.getInfo().getActivityId())
                .start(() -> {
                    while (!closed) {
                        try {
                            Thread.sleep(every);
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (closed) {
                            return;
                        }
                        try {
                            context.heartbeat(null);
                        } catch (ActivityCompletionException e) {
                            ended = e;
                            return;
                        }
                    }
                });
    }

    /**
     * Starts heartbeating at a third of the step's heartbeat timeout; without one configured, nothing runs
     * and {@link #check()} only heartbeats when called.
     */
    public static AttemptHeartbeat start(ActivityExecutionContext context) {
        Duration timeout = context.getInfo().getHeartbeatTimeout();
        Duration every = timeout == null || timeout.isZero() ? Duration.ofDays(1) : timeout.dividedBy(3);
        return new AttemptHeartbeat(context, every);
    }

    /** Throws when Temporal has said the attempt is over: its question was cancelled, or it timed out. */
    public void check() {
        ActivityCompletionException e = ended;
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        beater.interrupt();
    }
}
