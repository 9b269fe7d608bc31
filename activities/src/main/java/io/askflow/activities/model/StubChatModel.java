package io.askflow.activities.model;

import io.askflow.workflows.activity.Usage;
import java.time.Duration;

/**
 * The dev-only model used when no OPENAI_API_KEY is set: it echoes the question, so the whole answer path
 * can be run without a provider. Its name says what it is, so nobody mistakes its output for an AI's. It
 * streams its answer a word at a time, like a real model, so the streaming path shows in dev too.
 */
public final class StubChatModel implements ChatModel {

    public static final String MODEL_NAME = "askflow-stub-model (not an AI: set OPENAI_API_KEY)";

    private final Duration latency;
    private final Duration wordDelay;

    /**
     * @param latency how long before the first word
     * @param wordDelay how long between words
     */
    public StubChatModel(Duration latency, Duration wordDelay) {
        this.latency = latency;
        this.wordDelay = wordDelay;
    }

    @Override
    public ChatReply complete(ChatPrompt prompt, AnswerSink sink) {
        String answer = answer(prompt);
        pause(latency);
        int start = 0;
        while (start < answer.length()) {
            int space = answer.indexOf(' ', start + 1);
            int end = space < 0 ? answer.length() : space;
            if (start > 0) {
                pause(wordDelay);
            }
            sink.delta(answer.substring(start, end));
            start = end;
        }
        long promptTokens = tokens(prompt);
        long completion = tokens(answer);
        return new ChatReply(answer, MODEL_NAME, new Usage(promptTokens, completion, 0, promptTokens + completion));
    }

    private static String answer(ChatPrompt prompt) {
        String answer = "This is AskFlow's built-in stub model, not an AI. You asked: " + prompt.question();
        if (!prompt.earlier().isEmpty()) {
            answer += " (after " + prompt.earlier().size() + " earlier question"
                    + (prompt.earlier().size() == 1 ? "" : "s") + " in this conversation)";
        }
        return answer;
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simulating model latency", e);
        }
    }

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public String describe() {
        return MODEL_NAME + ", latency " + latency.toMillis() + " ms, " + wordDelay.toMillis() + " ms a word";
    }

    /** A rough count (about four characters a token) so usage figures are plausible. */
    private static long tokens(ChatPrompt prompt) {
        long total = tokens(prompt.question());
        for (ChatPrompt.Turn turn : prompt.earlier()) {
            total += tokens(turn.question()) + tokens(turn.answer());
        }
        return total;
    }

    private static long tokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }
}
