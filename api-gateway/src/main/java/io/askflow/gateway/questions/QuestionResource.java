package io.askflow.gateway.questions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.askflow.workflows.Steps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The question resource of the HTTP contract (snake_case on the wire). */
public record QuestionResource(
        String id,
        String status,
        String question,
        String answer,
        String model,
        boolean cached,
        UsageView usage,
        Double costUsd,
        ErrorView error,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<StepView> steps,
        WorkflowView workflow,
        Instant createdAt,
        Instant completedAt) {

    /**
     * @param id the Temporal workflow id ({@code ask-<question id>})
     * @param uiUrl its page in the Temporal Web UI, when TEMPORAL_UI_URL is configured; else null
     */
    public record WorkflowView(String id, String uiUrl) {}

    public record UsageView(long promptTokens, long completionTokens, long cachedTokens, long totalTokens) {}

    public record ErrorView(String code, String message) {}

    /** @param status pending, running, retrying, completed or failed */
    public record StepView(
            String name, String status, int attempts, Instant startedAt, Instant finishedAt, String lastFailure) {}

    static QuestionResource of(QuestionRow row, List<StepRow> steps, WorkflowLinks links) {
        UsageView usage = row.totalTokens() == null
                ? null
                : new UsageView(
                        nullToZero(row.promptTokens()),
                        nullToZero(row.completionTokens()),
                        nullToZero(row.cachedTokens()),
                        row.totalTokens());
        ErrorView error = row.errorCode() == null ? null : new ErrorView(row.errorCode(), row.errorMessage());
        return new QuestionResource(
                row.id(),
                row.status().wireName(),
                row.question(),
                row.answer(),
                row.model(),
                row.cached(),
                usage,
                row.costUsd(),
                error,
                steps == null ? null : stepViews(steps),
                links.of(row.id()),
                Instant.ofEpochMilli(row.createdAt()),
                row.completedAt() == null ? null : Instant.ofEpochMilli(row.completedAt()));
    }

    /** All four steps in order; a step that has not started yet is pending. */
    private static List<StepView> stepViews(List<StepRow> rows) {
        Map<String, StepRow> byName = rows.stream().collect(Collectors.toMap(StepRow::step, Function.identity()));
        return Steps.ALL.stream()
                .map(name -> {
                    StepRow row = byName.get(name);
                    if (row == null) {
                        return new StepView(name, "pending", 0, null, null, null);
                    }
                    return new StepView(
                            name,
                            row.status(),
                            row.attempts(),
                            instant(row.startedAt()),
                            instant(row.finishedAt()),
                            row.lastFailure());
                })
                .toList();
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static long nullToZero(Long value) {
        return value == null ? 0 : value;
    }
}
