package io.askflow.workflows.housekeeping;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface HousekeepingActivities {

    /** Rows deleted by one retention run, by table. */
    record Purged(
            long telemetryEvents, long quotaAdmissions, long cacheEntries, long signInStates, long streamEvents) {}

    /**
     * What one sweep did with the questions it found queued for too long.
     *
     * @param started workflows started for them
     * @param alreadyRunning their workflow was running already (a backlog, not a stranded question)
     * @param failed marked failed with a reason: too old to start, or their workflow ended without an outcome
     */
    record Swept(int started, int alreadyRunning, int failed) {}

    @ActivityMethod(name = "PurgeExpired")
    Purged purgeExpired();

    @ActivityMethod(name = "RestartStranded")
    Swept restartStranded();
}
