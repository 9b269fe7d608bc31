package io.askflow.workflows;

import java.util.List;

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

    private Steps() {}
}
