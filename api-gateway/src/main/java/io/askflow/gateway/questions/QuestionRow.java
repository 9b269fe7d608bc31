package io.askflow.gateway.questions;

import io.askflow.workflows.AskRequest;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.activity.Usage;
import java.time.Instant;
import org.jdbi.v3.core.mapper.Nested;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * One row of {@code questions}, read by Jdbi's constructor mapper. {@code usage} reads zeros until the model
 * step has reported usage; {@code hasUsage} says whether it has.
 */
record QuestionRow(
        String id,
        String conversationId,
        long userId,
        String requestId,
        String question,
        QuestionStatus status,
        String answer,
        String model,
        boolean cached,
        @Nested Usage usage,
        boolean hasUsage,
        Double costUsd,
        String errorCode,
        String errorMessage,
        Instant createdAt,
        Instant completedAt) {

    static final String COLUMNS = """
            id, conversation_id, user_id, request_id, question, status, answer, model, cached, prompt_tokens,
            completion_tokens, cached_tokens, total_tokens, cost_usd, error_code, error_message, created_at,
            completed_at,
            total_tokens IS NOT NULL AS has_usage""";

    static final RowMapper<QuestionRow> MAPPER = ConstructorMapper.of(QuestionRow.class);

    /** Where the question sits in a list ordered by creation: the cursor of the page after it. */
    HistoryCursor position() {
        return new HistoryCursor(createdAt.toEpochMilli(), id);
    }

    /** The workflow input for a question stored earlier, asked again under the same idempotency key. */
    AskRequest asRequest(String endpoint, boolean skipCache) {
        return new AskRequest(
                id, userId, question, requestId, endpoint, createdAt.toEpochMilli(), skipCache, conversationId);
    }
}
