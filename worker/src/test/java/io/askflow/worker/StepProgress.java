package io.askflow.worker;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** One row of {@code question_steps}, read back as the gateway shows it in a question's {@code steps}. */
record StepProgress(String status, int attempts, Long startedAt, Long finishedAt, String lastFailure) {

    static Optional<StepProgress> read(Jdbi jdbi, String questionId, String step) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT status, attempts, started_at, finished_at, last_failure
                          FROM question_steps WHERE question_id = :id AND step = :step
                        """)
                .bind("id", questionId)
                .bind("step", step)
                .map((rs, ctx) -> new StepProgress(
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        millis(rs, "started_at"),
                        millis(rs, "finished_at"),
                        rs.getString("last_failure")))
                .findOne());
    }

    private static Long millis(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
