package io.askflow.workflows;

import java.util.Arrays;
import java.util.Locale;

/**
 * Every typed failure a step can raise. The enum name is the Temporal {@code ApplicationFailure} type;
 * permanent types are non-retryable, so the retry policy never spends attempts on them.
 */
public enum FailureType {
    /** The user is over one of their limits; retrying cannot help until the window moves. */
    QUOTA_EXCEEDED(false),
    /** The provider refused the request itself (400, 401, 403, 404, 422): a configuration or input problem. */
    MODEL_REQUEST_REJECTED(false),
    /** The provider account is out of credit (429 {@code insufficient_quota}). */
    MODEL_QUOTA_EXHAUSTED(false),
    /** The provider is throttling (429): worth retrying with backoff. */
    MODEL_RATE_LIMITED(true),
    /** 5xx, connection failures and timeouts: worth retrying. */
    MODEL_UNAVAILABLE(true),
    /**
     * The question's stream no longer takes this attempt's text: the question was cancelled (its stream
     * closed), or a later attempt took over. Not a provider's fault, and nothing to retry.
     */
    STREAM_CLOSED(false);

    private final boolean retryable;

    FailureType(boolean retryable) {
        this.retryable = retryable;
    }

    /** The code shown to users in the question's {@code error.code}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String[] permanentTypeNames() {
        return Arrays.stream(values()).filter(t -> !t.retryable).map(Enum::name).toArray(String[]::new);
    }
}
