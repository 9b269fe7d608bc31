package io.askflow.gateway.questions;

import io.askflow.db.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One row of {@code question_steps}. */
record StepRow(String step, String status, int attempts, Long startedAt, Long finishedAt, String lastFailure) {

    static StepRow map(ResultSet rs) throws SQLException {
        return new StepRow(
                rs.getString("step"),
                rs.getString("status"),
                rs.getInt("attempts"),
                Columns.nullableLong(rs, "started_at"),
                Columns.nullableLong(rs, "finished_at"),
                rs.getString("last_failure"));
    }
}
