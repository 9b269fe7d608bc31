package io.askflow.workflows.housekeeping;

/** What one run of the housekeeping workflow does; each chore has a Temporal Schedule of its own. */
public enum Chore {
    /** Deletes telemetry events, quota admissions, cache entries and sign-in states past their age. */
    RETENTION("askflow-retention"),
    /** Starts questions left queued (their gateway stopped before starting them), or fails them clearly. */
    STRANDED_QUESTIONS("askflow-stranded-questions");

    private final String scheduleId;

    Chore(String scheduleId) {
        this.scheduleId = scheduleId;
    }

    /** The id of the chore's schedule, also the prefix of the workflow ids it starts. */
    public String scheduleId() {
        return scheduleId;
    }
}
