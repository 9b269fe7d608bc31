package io.askflow.activities.model;

/** Where a model puts its answer as it writes it. */
public interface AnswerSink {

    /** Takes nothing: for callers that only want the complete reply. */
    AnswerSink NONE = new AnswerSink() {
        @Override
        public void delta(String text) {}

        @Override
        public void restart(String reason) {}
    };

    /** The next piece of answer text. */
    void delta(String text);

    /** The text so far is void and the answer starts again (a fallback model takes over mid-answer). */
    void restart(String reason);
}
