package io.askflow.workflows;

import java.util.Locale;

/** Life cycle of a question, as stored and as shown in the HTTP contract (lower case). */
public enum QuestionStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    REJECTED,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == REJECTED || this == CANCELLED;
    }
}
