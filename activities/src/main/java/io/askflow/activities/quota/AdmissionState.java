package io.askflow.activities.quota;

/** A quota admission's tokens: held at the estimate, settled at the real usage, or given back. */
public enum AdmissionState {
    RESERVED,
    SETTLED,
    RELEASED
}
