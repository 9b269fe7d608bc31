package io.askflow.gateway.questions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.askflow.workflows.AskRequest;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.StepStatus;
import io.askflow.workflows.Steps;
import io.askflow.workflows.activity.Usage;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The question resource of the HTTP contract (snake_case, statuses in lower case on the wire). */
public record QuestionResource(
        @Schema(format = "uuid") String id,

        @Schema(
                format = "uuid",
                description = "the conversation the question belongs to; pass it as conversation_id to continue it")
        String conversationId,

        @Schema(
                implementation = String.class,
                allowableValues = {"queued", "running", "completed", "failed", "rejected", "cancelled"})
        QuestionStatus status,

        String question,
        @Nullable String answer,

        @Schema(description = "the model that answered, as the provider named it") @Nullable
        String model,

        @Schema(description = "true when the answer came from the answer cache")
        boolean cached,

        @Schema(description = "null until an answer is saved") @Nullable
        Usage usage,

        @Schema(description = "null without an answer or when the model has no configured price") @Nullable
        Double costUsd,

        @Schema(description = "set when the question failed or was rejected") @Nullable
        ErrorView error,

        @Schema(description = "the four steps in order; only in single-question responses, not in history")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        List<StepView> steps,

        WorkflowView workflow,
        Instant createdAt,

        @Schema(description = "when the outcome was reached") @Nullable
        Instant completedAt) {

    /**
     * @param id the Temporal workflow id ({@code ask-<question id>})
     * @param uiUrl its page in the Temporal Web UI, when TEMPORAL_UI_URL is configured; else null
     */
    public record WorkflowView(
            String id,

            @Schema(format = "uri", description = "null when TEMPORAL_UI_URL is not set") @Nullable
            String uiUrl) {}

    public record ErrorView(String code, @Nullable String message) {}

    public record StepView(
            @Schema(allowableValues = {"CheckQuota", "GenerateAnswer", "SaveAnswer", "RecordTelemetry"})
            String name,

            @Schema(
                    implementation = String.class,
                    allowableValues = {"pending", "running", "retrying", "completed", "failed"})
            StepStatus status,

            int attempts,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,

            @Schema(description = "message of the most recent failed attempt, kept after a later success") @Nullable
            String lastFailure) {}

    /** A question as stored, with its steps (null for history items, which leave them out). */
    static QuestionResource of(QuestionRow row, List<StepRow> steps, WorkflowLinks links) {
        ErrorView error = row.errorCode() == null ? null : new ErrorView(row.errorCode(), row.errorMessage());
        return new QuestionResource(
                row.id(),
                row.conversationId(),
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
                request.conversationId(),
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
