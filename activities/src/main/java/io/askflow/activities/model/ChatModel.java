package io.askflow.activities.model;

/** One provider of answers; implementations throw typed {@code ApplicationFailure}s for provider errors. */
public interface ChatModel {

    ChatReply complete(String question);

    /** The model this provider is asked for (the answer cache's key includes it). */
    String modelName();

    /** The model name shown to operators at start-up. */
    String describe();
}
