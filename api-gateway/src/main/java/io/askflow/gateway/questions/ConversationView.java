package io.askflow.gateway.questions;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A conversation: the questions asked with the same {@code conversation_id}, the first of which started it.
 *
 * @param id pass as {@code conversation_id} to continue it
 * @param title the start of its first question
 * @param createdAt when its first question was asked
 * @param updatedAt when its latest question was asked
 */
public record ConversationView(@Schema(format = "uuid") String id, String title, Instant createdAt, Instant updatedAt) {

    static ConversationView of(ConversationRepository.ConversationRow row) {
        return new ConversationView(row.id(), row.title(), row.createdAt(), row.updatedAt());
    }

    /**
     * One page of a user's conversations, most recently active first.
     *
     * @param nextCursor pass as {@code cursor} for the next page; null on the last page
     */
    public record Page(
            List<ConversationView> items, @Nullable String nextCursor) {}

    /**
     * One conversation with a page of its questions, oldest first.
     *
     * @param questions question resources without per-step progress
     * @param nextCursor pass as {@code cursor} for the next page of questions; null on the last page
     */
    public record Detail(
            @Schema(format = "uuid") String id,
            String title,
            Instant createdAt,
            Instant updatedAt,
            List<QuestionResource> questions,
            @Nullable String nextCursor) {}
}
