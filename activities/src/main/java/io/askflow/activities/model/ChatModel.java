package io.askflow.activities.model;

/** One provider of answers; implementations throw typed {@code ApplicationFailure}s for provider errors. */
public interface ChatModel {

    /**
     * Answers, handing the text to {@code sink} as it is produced, and returns the whole reply with its usage
     * once the model has finished.
     */
    ChatReply complete(ChatPrompt prompt, AnswerSink sink);

    /** The model this provider is asked for (the answer cache's key includes it). */
    String modelName();

    /** The model name shown to operators at start-up. */
    String describe();
}
