package io.askflow.gateway.questions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.askflow.workflows.AskRequest;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.StepStatus;
import io.askflow.workflows.Steps;
import io.askflow.workflows.activity.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The question resource of the HTTP contract (snake_case, statuses in lower case on the wire). */
public record QuestionResource(
        String id,
        QuestionStatus status,
        String question,
        String answer,
        String model,
        boolean cached,
        Usage usage,
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

    public record ErrorView(String code, String message) {}

    public record StepView(
            String name, StepStatus status, int attempts, Instant startedAt, Instant finishedAt, String lastFailure) {}

    /** A question as stored, with its steps (null for history items, which leave them out). */
    static QuestionResource of(QuestionRow row, List<StepRow> steps, WorkflowLinks links) {
        ErrorView error = row.errorCode() == null ? null : new ErrorView(row.errorCode(), row.errorMessage());
        return new QuestionResource(
                row.id(),
                row.status(),
                row.question(),
                row.answer(),
                row.model(),
                row.cached(),
                row.hasUsage() ? row.usage() : null,
                row.costUsd(),
                error,
                steps == null ? null : stepViews(steps),
                links.of(row.id()),
                row.createdAt(),
                row.completedAt());
    }

    /** A question just accepted: queued, every step pending; nothing to read back. */
    static QuestionResource queued(AskRequest request, WorkflowLinks links) {
        return new QuestionResource(
                request.questionId(),
                QuestionStatus.QUEUED,
                request.question(),
                null,
                null,
                false,
                null,
                null,
                null,
                stepViews(List.of()),
                links.of(request.questionId()),
                Instant.ofEpochMilli(request.acceptedAtMillis()),
                null);
    }

    /** All four steps in order; a step that has not started yet is pending. */
    private static List<StepView> stepViews(List<StepRow> rows) {
        Map<String, StepRow> byName = rows.stream().collect(Collectors.toMap(StepRow::step, Function.identity()));
        return Steps.ALL.stream()
                .map(name -> {
                    StepRow row = byName.get(name);
                    if (row == null) {
                        return new StepView(name, StepStatus.PENDING, 0, null, null, null);
                    }
                    return new StepView(
                            name, row.status(), row.attempts(), row.startedAt(), row.finishedAt(), row.lastFailure());
                })
                .toList();
    }
}
