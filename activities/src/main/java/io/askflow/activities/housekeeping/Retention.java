package io.askflow.activities.housekeeping;

import java.time.Duration;

/**
 * How long housekeeping keeps what, and when a queued question counts as stranded.
 *
 * @param telemetryEvents age after which telemetry events are deleted
 * @param quotaAdmissions age after which quota admissions are deleted; at least two days, since the token
 *     limit counts the current UTC day
 * @param streamEvents age of a final question after which the events of its stream are deleted (its stream
 *     then serves the question and its final state only; the answer itself stays in the question)
 * @param strandedAfter how long a question may stay queued before the sweeper starts it
 * @param giveUpAfter a question queued longer than this is failed, not started: its asker has long gone
 * @param batch at most this many stranded questions per sweep
 */
public record Retention(
        Duration telemetryEvents,
        Duration quotaAdmissions,
        Duration streamEvents,
        Duration strandedAfter,
        Duration giveUpAfter,
        int batch) {

    public Retention {
        if (quotaAdmissions.compareTo(Duration.ofDays(2)) < 0) {
            throw new IllegalArgumentException("quota admissions must be kept at least 2 days (the token limit"
                    + " counts the current UTC day); got " + quotaAdmissions);
        }
        if (giveUpAfter.compareTo(strandedAfter) <= 0) {
            throw new IllegalArgumentException(
                    "give-up-after (" + giveUpAfter + ") must be longer than stranded-after (" + strandedAfter + ")");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1; got " + batch);
        }
    }
}
