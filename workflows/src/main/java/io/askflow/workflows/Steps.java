package io.askflow.workflows;

import java.util.List;
import java.util.Set;

/** Step names: the activity type names of AskWorkflow's steps, in the order they run. */
public final class Steps {

    public static final String CHECK_QUOTA = "CheckQuota";
    public static final String GENERATE_ANSWER = "GenerateAnswer";
    public static final String SAVE_ANSWER = "SaveAnswer";
    public static final String RECORD_TELEMETRY = "RecordTelemetry";

    /**
     * The compensation of CheckQuota: gives back the tokens it reserved when the model step failed for good.
     * Not one of the four steps users see; it runs under CheckQuota's retry policy.
     */
    public static final String RELEASE_QUOTA = "ReleaseQuota";

    public static final List<String> ALL = List.of(CHECK_QUOTA, GENERATE_ANSWER, SAVE_ANSWER, RECORD_TELEMETRY);

    /**
     * The short database steps that run as local activities, inside the workflow task that schedules them:
     * no task queue and no extra workflow task per step. GenerateAnswer stays a regular activity (long, its
     * attempts visible in the Temporal UI) and RecordTelemetry too (it runs after the reply).
     */
    public static final Set<String> LOCAL = Set.of(CHECK_QUOTA, SAVE_ANSWER, RELEASE_QUOTA);

    /**
     * The steps that are one short database transaction: their progress is written in that same transaction
     * rather than around it.
     */
    public static final Set<String> SINGLE_TRANSACTION =
            Set.of(CHECK_QUOTA, SAVE_ANSWER, RELEASE_QUOTA, RECORD_TELEMETRY);

    /**
     * The steps that record their own attempts' progress, with writes they make anyway: GenerateAnswer marks
     * an attempt running in the transaction that claims the question's stream and completed in the one that
     * appends its last text, so a long model call shows as running without two transactions of its own.
     * Every step is either here or in {@link #SINGLE_TRANSACTION}; failed attempts are recorded for all.
     */
    public static final Set<String> RECORD_OWN_PROGRESS = Set.of(GENERATE_ANSWER);

    private Steps() {}
}
