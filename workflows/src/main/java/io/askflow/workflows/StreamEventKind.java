package io.askflow.workflows;

import java.util.Locale;

/**
 * The kinds of event in a question's stream, as stored (lower case) and as Server-Sent Events name them. The
 * first event a client gets, {@code question}, is not stored: the gateway reads it from the question itself.
 */
public enum StreamEventKind {
    /** A step started, finished or failed: {@code {name, status, attempt}}. */
    STEP,
    /** Answer text as the model produces it: {@code {text}}. */
    DELTA,
    /** The answer starts again; drop the deltas so far: {@code {attempt, reason}}. */
    RETRY,
    /** The question is final; nothing follows. */
    DONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
