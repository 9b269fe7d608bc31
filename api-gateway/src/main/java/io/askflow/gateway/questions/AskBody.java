package io.askflow.gateway.questions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /ask} and {@code POST /questions}.
 *
 * @param question 1 to {@code max-question-length} characters (code points), at least one of them not white
 *     space; stored with the white space around it trimmed
 * @param conversationId a conversation of the asker's to continue; absent, the question starts a new one
 */
public record AskBody(
        @Schema(minLength = 1, pattern = AskBody.NOT_BLANK) String question,

        // may be absent: a question without it starts a new conversation
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
                format = "uuid",
                description = "continue this conversation of yours (the model sees its earlier questions and "
                        + "answers); omit to start a new one; someone else's is a 404")
        @Nullable
        String conversationId) {

    /**
     * White space, spelled out: the union of what Java, JSON Schema (ECMA-262) and Python regular expressions
     * call white space, so that a client validating against the API description and the gateway agree on what
     * a blank question is.
     */
    static final String SPACE =
            "\\t\\n\\u000B\\f\\r\\u001C-\\u001F \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

    /** Matches a question with at least one character that is not white space. */
    static final String NOT_BLANK = "[^" + SPACE + "]";
}
