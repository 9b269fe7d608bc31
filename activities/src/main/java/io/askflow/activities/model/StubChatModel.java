package io.askflow.activities.model;

import io.askflow.workflows.activity.Usage;
import java.time.Duration;

/**
 * The dev-only model used when no OPENAI_API_KEY is set: it echoes the question, so the whole answer path
 * can be run without a provider. Its name says what it is, so nobody mistakes its output for an AI's.
 */
public final class StubChatModel implements ChatModel {

    public static final String MODEL_NAME = "askflow-stub-model (not an AI: set OPENAI_API_KEY)";

    private final Duration latency;

    public StubChatModel(Duration latency) {
        this.latency = latency;
    }

    @Override
    public ChatReply complete(String question) {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while simulating model latency", e);
            }
        }
        String answer = "This is AskFlow's built-in stub model, not an AI. You asked: " + question;
        long prompt = tokens(question);
        long completion = tokens(answer);
        return new ChatReply(answer, MODEL_NAME, new Usage(prompt, completion, 0, prompt + completion));
    }

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public String describe() {
        return MODEL_NAME + ", latency " + latency.toMillis() + " ms";
    }

    /** A rough count (about four characters a token) so usage figures are plausible. */
    private static long tokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }
}
