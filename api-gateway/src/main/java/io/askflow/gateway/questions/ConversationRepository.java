package io.askflow.gateway.questions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.springframework.stereotype.Repository;

/** Reads a user's conversations and their questions; conversations are written when questions are accepted. */
@Repository
public class ConversationRepository {

    /** One row of {@code conversations}. */
    record ConversationRow(String id, String title, Instant createdAt, Instant updatedAt) {

        static final RowMapper<ConversationRow> MAPPER = ConstructorMapper.of(ConversationRow.class);
    }

    private final Jdbi jdbi;

    ConversationRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Most recently active first; {@code after} is the last row of the previous page, or null. */
    List<ConversationRow> recent(long userId, HistoryCursor after, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, title, created_at, updated_at FROM conversations
                         WHERE user_id = :userId
                           AND (:first OR updated_at < :at OR (updated_at = :at AND id < :id))
                         ORDER BY updated_at DESC, id DESC
                         LIMIT :limit
                        """)
                .bind("userId", userId)
                .bind("first", after == null)
                .bind("at", after == null ? 0L : after.createdAt())
                .bind("id", after == null ? "" : after.id())
                .bind("limit", limit)
                .map(ConversationRow.MAPPER)
                .list());
    }

    /** The conversation, unless it is not the user's. */
    Optional<ConversationRow> findOwned(String id, long userId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, title, created_at, updated_at FROM conversations
                         WHERE id = :id AND user_id = :userId
                        """)
                .bind("id", id)
                .bind("userId", userId)
                .map(ConversationRow.MAPPER)
                .findOne());
    }

    /** Its questions, oldest first; {@code after} is the last question of the previous page, or null. */
    List<QuestionRow> questions(String conversationId, long userId, HistoryCursor after, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + QuestionRow.COLUMNS + """
                         FROM questions
                        WHERE conversation_id = :conversationId AND user_id = :userId
                          AND (:first OR created_at > :createdAt OR (created_at = :createdAt AND id > :id))
                        ORDER BY created_at, id
                        LIMIT :limit
                        """)
                .bind("conversationId", conversationId)
                .bind("userId", userId)
                .bind("first", after == null)
                .bind("createdAt", after == null ? 0L : after.createdAt())
                .bind("id", after == null ? "" : after.id())
                .bind("limit", limit)
                .map(QuestionRow.MAPPER)
                .list());
    }
}
