package io.askflow.workflows;

import java.util.Locale;

/** Where one step of a question stands, as stored and as shown in the HTTP contract (lower case). */
public enum StepStatus {
    /** Not started yet. */
    PENDING,
    /** An attempt is running. */
    RUNNING,
    /** The last attempt failed; another one will follow. */
    RETRYING,
    COMPLETED,
    /** The last attempt failed and no other will follow. */
    FAILED;

    /** The word in the database, the HTTP API, metrics and logs: {@code completed}, {@code retrying}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
