package io.askflow.gateway.questions;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.security.CurrentUser;
import io.askflow.gateway.web.ApiException;
import io.askflow.workflows.AskRequest;
import io.askflow.workflows.AskResult;
import io.askflow.workflows.AskWorkflow;
import io.askflow.workflows.AskWorkflowOptions;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.WorkflowIds;
import io.opentelemetry.context.Context;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    /** What a rejected question asked again under its idempotency key answers in Retry-After. */
    private static final long DEFAULT_RETRY_AFTER_SECONDS = 60;

    private final QuestionRepository questions;
    private final WorkflowClient temporal;
    private final GatewayProperties properties;
    private final Clock clock;
    private final WorkflowLinks links;
    /**
     * The wait for an answer blocks, and Temporal's client has no asynchronous update-with-start, so it runs
     * on a virtual thread. The trace context goes along (OpenTelemetry's wrapper) and so does the logging
     * context, so the request id and the trace reach the workflow through Temporal's headers.
     */
    private final Executor waits =
            Context.taskWrapping(withLoggingContext(Executors.newVirtualThreadPerTaskExecutor()));

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

    /**
     * What {@code POST /ask} answers with.
     *
     * @param question the question as stored when the wait ended
     * @param status the outcome when the wait reached it; queued or running when the answer took longer
     * @param retryAfterSeconds for a rejected question, when the user may ask again
     */
    public record Outcome(QuestionResource question, QuestionStatus status, long retryAfterSeconds) {}

    /** Records the question and starts its workflow without waiting (the async API). */
    QuestionResource submit(Submission submission) {
        Accepted accepted = accept(submission);
        if (!accepted.status().isTerminal()) {
            try {
                WorkflowClient.start(stub(accepted.request())::ask, accepted.request());
            } catch (WorkflowExecutionAlreadyStarted e) {
                log.debug("workflow for question {} already started", accepted.id());
            } catch (RuntimeException e) {
                throw unavailable(accepted.id(), e);
            }
        }
        return accepted.earlier()
                .map(row -> questions.withSteps(row, links))
                .orElseGet(() -> QuestionResource.queued(accepted.request(), links));
    }

    /**
     * Records the question, starts its workflow with update-with-start and waits up to the sync timeout for
     * the saved outcome. When the answer takes longer, the question goes on in the background.
     */
    Outcome ask(Submission submission) {
        CurrentUser user = submission.user();
        Accepted accepted = accept(submission);
        if (accepted.status().isTerminal()) {
            return new Outcome(read(user, accepted.id()), accepted.status(), DEFAULT_RETRY_AFTER_SECONDS);
        }
        CompletableFuture<AskResult> answer =
                CompletableFuture.supplyAsync(() -> startAndAwait(accepted.request()), waits);
        try {
            AskResult result = answer.get(properties.gateway().syncTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(read(user, accepted.id()), result.status(), Math.max(1, result.retryAfterSeconds()));
        } catch (TimeoutException e) {
            answer.whenComplete((ignored, failure) -> logLateFailure(accepted.id(), failure));
            QuestionResource now = read(user, accepted.id());
            return new Outcome(now, QuestionStatus.RUNNING, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(accepted.id(), e);
        } catch (ExecutionException e) {
            // A workflow that finished already (the same question asked again), or one that failed after
            // saving its outcome: the stored question says what happened.
            QuestionResource now = read(user, accepted.id());
            if (!now.status().isTerminal() && !(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
                throw unavailable(accepted.id(), e.getCause());
            }
            return new Outcome(now, now.status(), DEFAULT_RETRY_AFTER_SECONDS);
        }
    }

    /**
     * Cancels the user's question: Temporal cancels its workflow, which abandons the model call, releases the
     * reservation and saves the question as cancelled. A question whose workflow never started (Temporal was
     * down when it was accepted) is cancelled here directly.
     */
    QuestionResource cancel(CurrentUser user, QuestionResource question) {
        if (question.status().isTerminal()) {
            throw alreadyFinal(question);
        }
        try {
            temporal.newUntypedWorkflowStub(WorkflowIds.forQuestion(question.id()))
                    .cancel();
            log.info("question {} cancelled by its owner", question.id());
        } catch (WorkflowNotFoundException e) {
            // finished meanwhile, or never started
            if (!questions.cancelQueued(question.id(), clock.instant())) {
                QuestionResource now = read(user, question.id());
                if (now.status().isTerminal()) {
                    throw alreadyFinal(now);
                }
            }
        } catch (RuntimeException e) {
            // Nothing changed: the question goes on as it was (unlike a failed start, it is not failed here).
            log.warn("question {} could not be cancelled: {}", question.id(), e.toString());
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "unavailable",
                    "Service unavailable",
                    "The question could not be cancelled now; try again shortly.",
                    Map.of("question_id", question.id()),
                    HttpHeaders.EMPTY);
        }
        return read(user, question.id());
    }

    private static ApiException alreadyFinal(QuestionResource question) {
        return new ApiException(
                HttpStatus.CONFLICT,
                "already-final",
                "Already final",
                "The question is " + question.status().wireName() + " already; only a question still "
                        + "queued or running can be cancelled.",
                Map.of(
                        "question_id",
                        question.id(),
                        "question_status",
                        question.status().wireName()),
                HttpHeaders.EMPTY);
    }

    public Optional<QuestionResource> find(CurrentUser user, String id) {
        return questions.findOwned(id, user.id(), links);
    }

    public HistoryPage history(CurrentUser user, HistoryCursor cursor, int limit) {
        Paging.Slice<QuestionRow> page =
                Paging.slice(questions.history(user.id(), cursor, limit + 1), limit, QuestionRow::position);
        return new HistoryPage(
                page.rows().stream()
                        .map(row -> QuestionResource.of(row, null, links))
                        .toList(),
                page.nextCursor());
    }

    /**
     * A question accepted for the workflow.
     *
     * @param request the workflow's input
     * @param status the question's status when accepted
     * @param earlier the question stored earlier under the same idempotency key, if that is what this is
     */
    private record Accepted(AskRequest request, QuestionStatus status, Optional<QuestionRow> earlier) {

        String id() {
            return request.questionId();
        }
    }

    private Accepted accept(Submission submission) {
        AskRequest request = submission.request();
        Optional<QuestionRow> earlier = questions.insertUnlessKeyUsed(submission);
        if (earlier.isEmpty()) {
            log.info(
                    "question {} accepted for user {}; workflow {}",
                    request.questionId(),
                    request.userId(),
                    WorkflowIds.forQuestion(request.questionId()));
            return new Accepted(request, QuestionStatus.QUEUED, earlier);
        }
        QuestionRow row = earlier.get();
        if (!row.question().equals(request.question())) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "idempotency-key-reused",
                    "Idempotency key reused",
                    "This Idempotency-Key was already used for a different question.",
                    Map.of("question_id", row.id()),
                    HttpHeaders.EMPTY);
        }
        log.info("question {} returned again for idempotency key", row.id());
        return new Accepted(row.asRequest(request.endpoint(), request.skipCache()), row.status(), earlier);
    }

    private AskResult startAndAwait(AskRequest request) {
        AskWorkflow workflow = stub(request);
        return WorkflowClient.startUpdateWithStart(
                        workflow::awaitAnswer,
                        UpdateOptions.<AskResult>newBuilder()
                                .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                                .build(),
                        new WithStartWorkflowOperation<>(workflow::ask, request))
                .getResult();
    }

    private AskWorkflow stub(AskRequest request) {
        return temporal.newWorkflowStub(AskWorkflow.class, AskWorkflowOptions.forQuestion(request.questionId()));
    }

    private QuestionResource read(CurrentUser user, String id) {
        return find(user, id).orElseThrow(ApiException::notFound);
    }

    private static void logLateFailure(String questionId, Throwable failure) {
        Throwable cause = failure != null && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null || cause instanceof WorkflowExecutionAlreadyStarted) {
            return;
        }
        log.warn("question {}: waiting for the answer failed after the sync timeout: {}", questionId, cause.toString());
    }

    private ApiException unavailable(String questionId, Throwable cause) {
        log.error("question {} could not be handed to Temporal", questionId, cause);
        questions.markUnavailable(questionId, "The workflow service was unavailable.", clock.instant());
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
                "The question could not be started; try again shortly.",
                Map.of("question_id", questionId),
                HttpHeaders.EMPTY);
    }

    /** Runs each task with the logging context (request id, user id) of the thread that submitted it. */
    private static Executor withLoggingContext(Executor executor) {
        return task -> {
            Map<String, String> context = MDC.getCopyOfContextMap();
            executor.execute(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                try {
                    task.run();
                } finally {
                    MDC.clear();
                }
            });
        };
    }
}
