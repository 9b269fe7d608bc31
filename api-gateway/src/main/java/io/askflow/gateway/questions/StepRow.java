package io.askflow.gateway.questions;

import io.askflow.workflows.StepStatus;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** One row of {@code question_steps}, read by Jdbi's constructor mapper. */
record StepRow(
        String step, StepStatus status, int attempts, Instant startedAt, Instant finishedAt, String lastFailure) {

    static final RowMapper<StepRow> MAPPER = ConstructorMapper.of(StepRow.class);
}
