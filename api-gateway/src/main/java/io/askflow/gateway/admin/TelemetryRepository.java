package io.askflow.gateway.admin;

import io.askflow.db.Columns;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Repository;

/** Reads the append-only telemetry events, newest first, filtered by whatever the admin knows. */
@Repository
class TelemetryRepository {

    private final Jdbi jdbi;

    TelemetryRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<TelemetryEventView> find(TelemetryQuery query) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM telemetry_events
                         WHERE (:requestId IS NULL OR request_id = :requestId)
                           AND (:questionId IS NULL OR question_id = :questionId)
                           AND (:userId IS NULL OR user_id = :userId)
                           AND recorded_at >= :since
                         ORDER BY recorded_at DESC, question_id DESC
                         LIMIT :limit
                        """)
                .bind("requestId", query.requestId())
                .bind("questionId", query.questionId())
                .bind("userId", query.userId())
                .bind("since", query.since().toEpochMilli())
                .bind("limit", query.limit())
                .map((rs, ctx) -> new TelemetryEventView(
                        rs.getString("question_id"),
                        rs.getString("request_id"),
                        rs.getLong("user_id"),
                        rs.getString("endpoint"),
                        rs.getInt("question_length"),
                        rs.getString("status"),
                        rs.getInt("answer_length"),
                        rs.getBoolean("cached"),
                        rs.getString("model"),
                        rs.getLong("model_latency_ms"),
                        rs.getLong("queue_latency_ms"),
                        rs.getLong("total_latency_ms"),
                        rs.getLong("prompt_tokens"),
                        rs.getLong("completion_tokens"),
                        rs.getLong("cached_tokens"),
                        rs.getLong("total_tokens"),
                        Columns.nullableDouble(rs, "cost_usd"),
                        Instant.ofEpochMilli(rs.getLong("recorded_at"))))
                .list());
    }

    /** Filters; null means "any". */
    record TelemetryQuery(String requestId, String questionId, Long userId, Instant since, int limit) {}
}
