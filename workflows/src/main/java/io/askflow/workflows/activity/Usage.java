package io.askflow.workflows.activity;

/** Token usage of one model call, as reported by the provider. */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, long totalTokens) {

    public static final Usage NONE = new Usage(0, 0, 0, 0);
}
