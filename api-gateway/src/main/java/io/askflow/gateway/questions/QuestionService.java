package io.askflow.gateway.questions;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.security.CurrentUser;
import io.askflow.gateway.web.ApiException;
import io.askflow.workflows.AskRequest;
import io.askflow.workflows.AskResult;
import io.askflow.workflows.AskWorkflow;
import io.askflow.workflows.TaskQueues;
import io.askflow.workflows.WorkflowIds;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Accepts questions, hands them to AskWorkflow, and reads them back for their owner. */
@Service
public class QuestionService {

    private static final Logger log = LoggerFactory.getLogger(QuestionService.class);

    private final QuestionRepository questions;
    private final WorkflowClient temporal;
    private final GatewayProperties properties;
    private final Clock clock;
    private final WorkflowLinks links;
    // Waiting for an answer is blocking I/O; virtual threads keep many waits cheap.
    private final ExecutorService waits = Executors.newVirtualThreadPerTaskExecutor();

    QuestionService(
            QuestionRepository questions,
            WorkflowClient temporal,
            GatewayProperties properties,
            Clock clock,
            WorkflowLinks links) {
        this.questions = questions;
        this.links = links;
        this.temporal = temporal;
        this.properties = properties;
        this.clock = clock;
    }

    /** Records the question and starts its workflow without waiting (the async API). */
    QuestionResource submit(Submission submission) {
        CurrentUser user = submission.user();
        QuestionRepository.Accepted accepted = accept(submission);
        QuestionRow row = accepted.row();
        if (!row.status().isTerminal()) {
            try {
                WorkflowClient.start(stub(row.id())::ask, askRequest(row, submission, "/questions"));
            } catch (WorkflowExecutionAlreadyStarted e) {
                log.debug("workflow for question {} already started", row.id());
            } catch (RuntimeException e) {
                throw unavailable(row.id(), e);
            }
        }
        return QuestionResource.of(reread(user, row.id()), questions.steps(row.id()), links);
    }

    /**
     * Records the question, starts its workflow with update-with-start and waits up to the sync timeout for
     * the saved outcome. Empty when the answer took longer: the question goes on in the background.
     */
    Answer ask(Submission submission) {
        CurrentUser user = submission.user();
        QuestionRepository.Accepted accepted = accept(submission);
        QuestionRow row = accepted.row();
        long retryAfterSeconds = 60;
        if (!row.status().isTerminal()) {
            AskWorkflow workflow = stub(row.id());
            AskRequest request = askRequest(row, submission, "/ask");
            // The wait runs on another thread: it carries the logging and tracing context along, so that
            // the request id and the trace reach the workflow through Temporal's headers.
            Map<String, String> logContext = MDC.getCopyOfContextMap();
            Context traceContext = Context.current();
            CompletableFuture<AskResult> result = CompletableFuture.supplyAsync(
                    () -> withLogContext(
                            traceContext,
                            logContext,
                            () -> WorkflowClient.startUpdateWithStart(
                                            workflow::awaitAnswer,
                                            UpdateOptions.<AskResult>newBuilder()
                                                    .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                                                    .build(),
                                            new WithStartWorkflowOperation<>(workflow::ask, request))
                                    .getResult()),
                    waits);
            try {
                retryAfterSeconds = Math.max(
                        1,
                        result.get(properties.gateway().syncTimeout().toMillis(), TimeUnit.MILLISECONDS)
                                .retryAfterSeconds());
            } catch (TimeoutException e) {
                result.whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        onLateFailure(row.id(), failure);
                    }
                });
                return new Answer(
                        QuestionResource.of(reread(user, row.id()), questions.steps(row.id()), links), false, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(row.id(), e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
                    // The workflow may have failed after saving its outcome; the row says what happened.
                    QuestionRow now = reread(user, row.id());
                    if (!now.status().isTerminal()) {
                        throw unavailable(row.id(), e.getCause());
                    }
                }
            }
        }
        return new Answer(
                QuestionResource.of(reread(user, row.id()), questions.steps(row.id()), links), true, retryAfterSeconds);
    }

    /**
     * @param question the question as stored now
     * @param settled whether the outcome was reached within the wait
     * @param retryAfterSeconds for a rejected question, when the user may ask again
     */
    public record Answer(QuestionResource question, boolean settled, long retryAfterSeconds) {}

    public Optional<QuestionResource> find(CurrentUser user, String id) {
        return questions.findOwned(id, user.id()).map(row -> QuestionResource.of(row, questions.steps(id), links));
    }

    public HistoryPage history(CurrentUser user, HistoryCursor cursor, int limit) {
        List<QuestionRow> rows = questions.history(user.id(), cursor, limit + 1);
        boolean more = rows.size() > limit;
        List<QuestionRow> page = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            QuestionRow last = page.get(page.size() - 1);
            next = new HistoryCursor(last.createdAt(), last.id()).encode();
        }
        return new HistoryPage(
                page.stream().map(row -> QuestionResource.of(row, null, links)).toList(), next);
    }

    private QuestionRepository.Accepted accept(Submission submission) {
        CurrentUser user = submission.user();
        String text = submission.question();
        NewQuestion question = new NewQuestion(
                UUID.randomUUID().toString(),
                user.id(),
                user.login(),
                text,
                submission.idempotencyKey(),
                submission.requestId(),
                clock.millis());
        QuestionRepository.Accepted accepted = questions.accept(question);
        if (!accepted.created() && !accepted.row().question().equals(text)) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "idempotency-key-reused",
                    "Idempotency key reused",
                    "This Idempotency-Key was already used for a different question.",
                    Map.of("question_id", accepted.row().id()),
                    HttpHeaders.EMPTY);
        }
        if (accepted.created()) {
            log.info(
                    "question {} accepted for user {}; workflow {}",
                    accepted.row().id(),
                    user.id(),
                    links.of(accepted.row().id()).id());
        } else {
            log.info(
                    "question {} returned again for idempotency key",
                    accepted.row().id());
        }
        return accepted;
    }

    @SuppressWarnings("try") // the scope is used for its side effect on the current context
    private static <T> T withLogContext(Context traceContext, Map<String, String> context, Supplier<T> work) {
        if (context != null) {
            MDC.setContextMap(context);
        }
        try (Scope ignored = traceContext.makeCurrent()) {
            return work.get();
        } finally {
            MDC.clear();
        }
    }

    private AskRequest askRequest(QuestionRow row, Submission submission, String endpoint) {
        return new AskRequest(
                row.id(),
                row.userId(),
                row.question(),
                submission.requestId(),
                endpoint,
                row.createdAt(),
                submission.skipCache());
    }

    private AskWorkflow stub(String questionId) {
        return temporal.newWorkflowStub(
                AskWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TaskQueues.ASK)
                        .setWorkflowId(WorkflowIds.forQuestion(questionId))
                        // A repeated start joins the running workflow; a finished question is never re-run.
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                        .build());
    }

    private QuestionRow reread(CurrentUser user, String id) {
        return questions.findOwned(id, user.id()).orElseThrow(ApiException::notFound);
    }

    private void onLateFailure(String questionId, Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof WorkflowExecutionAlreadyStarted) {
            return;
        }
        log.warn("question {}: waiting for the answer failed after the sync timeout: {}", questionId, cause.toString());
    }

    private ApiException unavailable(String questionId, Throwable cause) {
        log.error("question {} could not be handed to Temporal", questionId, cause);
        questions.markUnavailable(questionId, "The workflow service was unavailable.", clock.millis());
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
                "The question could not be started; try again shortly.",
                Map.of("question_id", questionId),
                HttpHeaders.EMPTY);
    }
}
