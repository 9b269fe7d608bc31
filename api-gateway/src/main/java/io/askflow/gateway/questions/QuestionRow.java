package io.askflow.gateway.questions;

import io.askflow.db.Columns;
import io.askflow.workflows.QuestionStatus;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One row of {@code questions}; times in epoch milliseconds. */
record QuestionRow(
        String id,
        long userId,
        String idempotencyKey,
        String question,
        QuestionStatus status,
        String answer,
        String model,
        boolean cached,
        Long promptTokens,
        Long completionTokens,
        Long cachedTokens,
        Long totalTokens,
        Double costUsd,
        String errorCode,
        String errorMessage,
        long createdAt,
        Long completedAt) {

    static final String COLUMNS = """
            id, user_id, idempotency_key, question, status, answer, model, cached, prompt_tokens,
            completion_tokens, cached_tokens, total_tokens, cost_usd, error_code, error_message, created_at,
            completed_at""";

    static QuestionRow map(ResultSet rs) throws SQLException {
        return new QuestionRow(
                rs.getString("id"),
                rs.getLong("user_id"),
                rs.getString("idempotency_key"),
                rs.getString("question"),
                QuestionStatus.fromWireName(rs.getString("status")),
                rs.getString("answer"),
                rs.getString("model"),
                rs.getBoolean("cached"),
                Columns.nullableLong(rs, "prompt_tokens"),
                Columns.nullableLong(rs, "completion_tokens"),
                Columns.nullableLong(rs, "cached_tokens"),
                Columns.nullableLong(rs, "total_tokens"),
                Columns.nullableDouble(rs, "cost_usd"),
                rs.getString("error_code"),
                rs.getString("error_message"),
                rs.getLong("created_at"),
                Columns.nullableLong(rs, "completed_at"));
    }
}
