package io.askflow.activities.model;

import java.util.List;

/**
 * What the model is asked: the question, after the earlier questions and answers of its conversation.
 *
 * @param earlier the conversation so far, oldest first, already trimmed to the context budget
 * @param question the question to answer
 */
public record ChatPrompt(List<Turn> earlier, String question) {

    public ChatPrompt {
        earlier = List.copyOf(earlier);
    }

    /** A question on its own. */
    public static ChatPrompt of(String question) {
        return new ChatPrompt(List.of(), question);
    }

    /** One earlier exchange of the conversation. */
    public record Turn(String question, String answer) {}
}
