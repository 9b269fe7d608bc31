package io.askflow.activities.model;

import io.askflow.workflows.QuestionStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The earlier exchanges of a conversation, as the model's context: the answered questions asked before this
 * one, oldest first, trimmed to a token budget by leaving out the oldest ones first (the latest exchanges are
 * what a follow-up question most likely refers to).
 */
public class ConversationHistory {

    private final Jdbi jdbi;
    private final long maxContextTokens;

    /** @param maxContextTokens the most tokens of earlier exchanges the model is given (about four characters a token) */
    public ConversationHistory(Jdbi jdbi, long maxContextTokens) {
        this.jdbi = jdbi;
        this.maxContextTokens = maxContextTokens;
    }

    /** The conversation before question {@code questionId}, within the budget; empty for none. */
    public List<ChatPrompt.Turn> before(String conversationId, String questionId) {
        if (conversationId == null || maxContextTokens <= 0) {
            return List.of();
        }
        List<ChatPrompt.Turn> newestFirst = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT earlier.question, earlier.answer
                          FROM questions earlier, questions this
                         WHERE this.id = :questionId
                           AND earlier.conversation_id = :conversationId
                           AND earlier.user_id = this.user_id
                           AND earlier.status = :completed
                           AND (earlier.created_at < this.created_at
                                OR (earlier.created_at = this.created_at AND earlier.id < this.id))
                         ORDER BY earlier.created_at DESC, earlier.id DESC
                        """)
                .bind("questionId", questionId)
                .bind("completed", QuestionStatus.COMPLETED)
                .bind("conversationId", conversationId)
                .map((rs, ctx) -> new ChatPrompt.Turn(rs.getString("question"), rs.getString("answer")))
                .list());
        List<ChatPrompt.Turn> kept = new ArrayList<>();
        long tokens = 0;
        for (ChatPrompt.Turn turn : newestFirst) {
            tokens += tokens(turn.question()) + tokens(turn.answer());
            if (tokens > maxContextTokens) {
                break;
            }
            kept.add(turn);
        }
        Collections.reverse(kept);
        return kept;
    }

    /** The estimate CheckQuota reserves by: about four characters a token. */
    static long tokens(String text) {
        return (text.length() + 3) / 4;
    }
}
