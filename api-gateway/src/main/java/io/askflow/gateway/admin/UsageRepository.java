package io.askflow.gateway.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.activity.Usage;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.Nested;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.springframework.stereotype.Repository;

/** Per-user usage over a period, computed from the questions themselves (the record of what was charged). */
@Repository
class UsageRepository {

    private static final RowMapper<UserUsage> MAPPER = ConstructorMapper.of(UserUsage.class);

    private final Jdbi jdbi;

    UsageRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @param from inclusive, epoch ms; @param to exclusive, epoch ms */
    List<UserUsage> usage(long from, long to, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT q.user_id, u.login,
                               COUNT(*) AS requests,
                               SUM(CASE WHEN q.status = :completed THEN 1 ELSE 0 END) AS completed,
                               SUM(CASE WHEN q.status = :failed THEN 1 ELSE 0 END) AS failed,
                               SUM(CASE WHEN q.status = :rejected THEN 1 ELSE 0 END) AS rejected,
                               COALESCE(SUM(q.prompt_tokens), 0) AS prompt_tokens,
                               COALESCE(SUM(q.cached_tokens), 0) AS cached_tokens,
                               COALESCE(SUM(q.completion_tokens), 0) AS completion_tokens,
                               COALESCE(SUM(q.total_tokens), 0) AS total_tokens,
                               COALESCE(SUM(q.cost_usd), 0) AS cost_usd
                          FROM questions q JOIN users u ON u.id = q.user_id
                         WHERE q.created_at >= :from AND q.created_at < :to
                         GROUP BY q.user_id, u.login
                         ORDER BY cost_usd DESC, total_tokens DESC, q.user_id
                         LIMIT :limit
                        """)
                .bind("completed", QuestionStatus.COMPLETED)
                .bind("failed", QuestionStatus.FAILED)
                .bind("rejected", QuestionStatus.REJECTED)
                .bind("from", from)
                .bind("to", to)
                .bind("limit", limit)
                .map(MAPPER)
                .list());
    }

    /** One user's usage in the period; {@code requests} counts every question, rejected ones included. */
    record UserUsage(
            long userId,
            String login,
            long requests,
            long completed,
            long failed,
            long rejected,
            @Nested @JsonUnwrapped Usage usage,
            double costUsd) {}
}
