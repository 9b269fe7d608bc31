package io.askflow.gateway.admin;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.springframework.stereotype.Repository;

/** Reads the append-only telemetry events, newest first, filtered by whatever the admin knows. */
@Repository
class TelemetryRepository {

    private static final RowMapper<TelemetryEventView> MAPPER = ConstructorMapper.of(TelemetryEventView.class);

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
                // epoch milliseconds, as recorded_at holds them: Jdbi's own Instant binding (a SQL timestamp)
                // only happened to compare right on SQLite, whose driver stores timestamps as milliseconds
                .bind("since", query.since().toEpochMilli())
                .bind("limit", query.limit())
                .map(MAPPER)
                .list());
    }

    /** Filters; null means "any". */
    record TelemetryQuery(String requestId, String questionId, Long userId, Instant since, int limit) {}
}
