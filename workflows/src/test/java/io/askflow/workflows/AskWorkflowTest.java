package io.askflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AskWorkflowTest {

    /** Small, distinct limits so each test can tell which step's policy was applied. */
    static final Map<String, StepSettings> STEPS = Map.of(
            Steps.CHECK_QUOTA, step(3, Backoff.EXPONENTIAL),
            Steps.GENERATE_ANSWER, step(2, Backoff.EXPONENTIAL),
            Steps.SAVE_ANSWER, step(10, Backoff.EXPONENTIAL),
            Steps.RECORD_TELEMETRY, step(1, Backoff.CONSTANT));

    final FakeActivities activities = new FakeActivities();

    @RegisterExtension
    final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(StepOptions.implementationOptions(STEPS), AskWorkflowImpl.class)
            .setActivityImplementations(activities)
            .setDoNotStart(false)
            .build();

    static StepSettings step(int retries, Backoff backoff) {
        return new StepSettings(
                new StepSettings.Retries(retries, Duration.ofMillis(100), backoff), Duration.ofSeconds(5), null);
    }

    @Test
    void aCancelledQuestionGivesBackItsReservationAndIsSavedAsCancelled(WorkflowClient client, Worker worker)
            throws Exception {
        activities.modelGate = new CountDownLatch(1);
        AskRequest request = request();
        AskWorkflow workflow = stub(client, worker, request);
        WorkflowClient.start(workflow::ask, request);
        assertThat(activities.generating.await(10, TimeUnit.SECONDS)).isTrue();

        WorkflowStub untyped = WorkflowStub.fromTyped(workflow);
        untyped.cancel();
        untyped.cancel(); // a second cancel while it stops changes nothing

        assertThatThrownBy(() -> untyped.getResult(AskResult.class))
                .isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        assertThat(activities.saved).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(QuestionStatus.CANCELLED);
            assertThat(outcome.errorCode()).isEqualTo("cancelled");
            assertThat(outcome.generation()).isNull();
        });
        assertThat(activities.attempts(Steps.RELEASE_QUOTA)).isEqualTo(1);
        assertThat(activities.telemetryEvents)
                .singleElement()
                .satisfies(event -> assertThat(event.status()).isEqualTo("cancelled"));
    }

    @AfterEach
    void openGate() {
        CountDownLatch model = activities.modelGate;
        if (model != null) {
            model.countDown();
        }
        CountDownLatch gate = activities.telemetryGate;
        if (gate != null) {
            gate.countDown();
        }
    }

    @Test
    void answersThroughAllFourStepsOnce(WorkflowClient client, Worker worker) {
        AskRequest request = request();
        AskResult result = stub(client, worker, request).ask(request);

        assertThat(result.status()).isEqualTo(QuestionStatus.COMPLETED);
        assertThat(activities.saved).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(QuestionStatus.COMPLETED);
            assertThat(outcome.generation()).isEqualTo(FakeActivities.GENERATION);
        });
        for (String step : Steps.ALL) {
            assertThat(activities.attempts(step)).as(step).isEqualTo(1);
        }
        assertThat(activities.attempts(Steps.RELEASE_QUOTA)).isZero();
        assertThat(activities.telemetryEvents).singleElement().satisfies(event -> {
            assertThat(event.requestId()).isEqualTo(request.requestId());
            assertThat(event.status()).isEqualTo("completed");
            assertThat(event.answerLength()).isEqualTo(2);
            assertThat(event.model()).isEqualTo("test-model");
            assertThat(event.usage().cachedTokens()).isEqualTo(2);
        });
    }

    @Test
    void stepFailingTwiceIsAttemptedThreeTimesAndEarlierStepsAreNotRerun(WorkflowClient client, Worker worker) {
        activities.failStep(Steps.GENERATE_ANSWER, attempt -> attempt <= 2 ? new IllegalStateException("flaky") : null);

        AskRequest request = request();
        AskResult result = stub(client, worker, request).ask(request);

        assertThat(result.status()).isEqualTo(QuestionStatus.COMPLETED);
        assertThat(activities.attempts(Steps.GENERATE_ANSWER)).isEqualTo(3);
        assertThat(activities.attempts(Steps.CHECK_QUOTA)).isEqualTo(1);
        assertThat(activities.saved).hasSize(1);
    }

    @Test
    void retryLimitComesFromConfiguration(WorkflowClient client, Worker worker) {
        // generate-answer is configured with 2 retries: 3 attempts, then the question fails.
        activities.failStep(Steps.GENERATE_ANSWER, attempt -> new IllegalStateException("down"));

        AskRequest request = request();
        AskResult result = stub(client, worker, request).ask(request);

        assertThat(result.status()).isEqualTo(QuestionStatus.FAILED);
        assertThat(activities.attempts(Steps.GENERATE_ANSWER)).isEqualTo(3);
        assertThat(activities.saved).singleElement().satisfies(outcome -> {
            assertThat(outcome.errorCode()).isEqualTo("model_error");
            assertThat(outcome.errorMessage()).isEqualTo("down");
        });
    }

    @Test
    void checkQuotaUsesItsOwnRetryLimit(WorkflowClient client, Worker worker) {
        // check-quota is configured with 3 retries: 4 attempts in all.
        activities.failStep(Steps.CHECK_QUOTA, attempt -> new IllegalStateException("database busy"));

        AskRequest request = request();
        AskResult result = stub(client, worker, request).ask(request);

        assertThat(result.status()).isEqualTo(QuestionStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo("quota_check_failed");
        assertThat(activities.attempts(Steps.CHECK_QUOTA)).isEqualTo(4);
        assertThat(activities.attempts(Steps.RELEASE_QUOTA)).isZero();
        assertThat(activities.attempts(Steps.GENERATE_ANSWER)).isZero();
    }

    @Test
    void permanentModelErrorsFailWithoutRetries(WorkflowClient client, Worker worker) {
        // Thrown as retryable on purpose: the step's policy lists every permanent type as do-not-retry.
        activities.failStep(
                Steps.GENERATE_ANSWER,
                attempt -> ApplicationFailure.newFailure(
                        "You exceeded your current quota", FailureType.MODEL_QUOTA_EXHAUSTED.name()));

        AskRequest request = request();
        AskResult result = stub(client, worker, request).ask(request);

        assertThat(result.status()).isEqualTo(QuestionStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo("model_quota_exhausted");
        assertThat(activities.attempts(Steps.GENERATE_ANSWER)).isEqualTo(1);
        // compensation: the tokens CheckQuota reserved are given back
        assertThat(activities.attempts(Steps.RELEASE_QUOTA)).isEqualTo(1);
    }

    @Test
    void overQuotaIsRejectedWithRetryAfterAndNoModelCall(WorkflowClient client, Worker worker) {
        activities.failStep(
                Steps.CHECK_QUOTA,
                attempt -> ApplicationFailure.newNonRetryableFailure(
                        "over the limit", FailureType.QUOTA_EXCEEDED.name(), 42L));

        AskRequest request = request();
        AskResult result = stub(client, worker, request).ask(request);

        assertThat(result.status()).isEqualTo(QuestionStatus.REJECTED);
        assertThat(result.retryAfterSeconds()).isEqualTo(42L);
        assertThat(activities.attempts(Steps.CHECK_QUOTA)).isEqualTo(1);
        assertThat(activities.attempts(Steps.GENERATE_ANSWER)).isZero();
        assertThat(activities.saved)
                .singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(QuestionStatus.REJECTED));
    }

    @Test
    void callerGetsTheAnswerWhileTelemetryIsStillPendingAndTelemetryFailureDoesNotFailTheQuestion(
            WorkflowClient client, Worker worker) throws Exception {
        activities.telemetryGate = new CountDownLatch(1);
        activities.failStep(Steps.RECORD_TELEMETRY, attempt -> new IllegalStateException("telemetry sink down"));

        AskRequest request = request();
        AskWorkflow workflow = stub(client, worker, request);
        WorkflowUpdateHandle<AskResult> handle = WorkflowClient.startUpdateWithStart(
                workflow::awaitAnswer,
                UpdateOptions.<AskResult>newBuilder()
                        .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                        .build(),
                new WithStartWorkflowOperation<>(workflow::ask, request));

        AskResult early = handle.getResultAsync().get(10, TimeUnit.SECONDS);
        assertThat(early.status()).isEqualTo(QuestionStatus.COMPLETED);
        assertThat(activities.telemetryEvents).isEmpty();
        assertThat(activities.attempts(Steps.RECORD_TELEMETRY)).isZero();

        activities.telemetryGate.countDown();
        AskResult last = WorkflowStub.fromTyped(workflow).getResult(AskResult.class);
        assertThat(last.status()).isEqualTo(QuestionStatus.COMPLETED);
        // record-telemetry is configured with 1 retry
        assertThat(activities.attempts(Steps.RECORD_TELEMETRY)).isEqualTo(2);
    }

    @Test
    void replaysDeterministically(WorkflowClient client, Worker worker) throws Exception {
        activities.failStep(Steps.GENERATE_ANSWER, attempt -> attempt == 1 ? new IllegalStateException("flaky") : null);
        AskRequest request = request();
        AskWorkflow workflow = stub(client, worker, request);
        WorkflowClient.startUpdateWithStart(
                        workflow::awaitAnswer,
                        UpdateOptions.<AskResult>newBuilder()
                                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                                .build(),
                        new WithStartWorkflowOperation<>(workflow::ask, request))
                .getResult();
        WorkflowStub untyped = WorkflowStub.fromTyped(workflow);
        untyped.getResult(AskResult.class);
        WorkflowExecution execution = untyped.getExecution();

        WorkflowExecutionHistory history = client.fetchHistory(execution.getWorkflowId(), execution.getRunId());
        replay(history);
    }

    @Test
    void replaysRecordedHistoriesOfEarlierVersions() throws Exception {
        // Recorded from real runs; a code change that breaks determinism for in-flight questions fails here.
        for (String resource : new String[] {
            "histories/ask-completed-after-retry.json",
            // recorded while CheckQuota, SaveAnswer and ReleaseQuota were regular activities
            "histories/ask-regular-steps-completed-after-retry.json",
            "histories/ask-regular-steps-model-failed-reservation-released.json"
        }) {
            replay(WorkflowExecutionHistory.fromJson(new String(
                    getClass().getClassLoader().getResourceAsStream(resource).readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    private static void replay(WorkflowExecutionHistory history) throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker replayWorker = env.newWorker(TaskQueues.ASK);
            replayWorker.registerWorkflowImplementationTypes(
                    StepOptions.implementationOptions(STEPS), AskWorkflowImpl.class);
            WorkflowReplayer.replayWorkflowExecution(history, replayWorker);
        }
        if (System.getProperty("askflow.recordHistory") != null) {
            Files.writeString(Path.of(System.getProperty("askflow.recordHistory")), history.toJson(true));
        }
    }

    private static AskRequest request() {
        return new AskRequest(UUID.randomUUID().toString(), 7L, "What is 6 x 7?", "req-1", "/ask", 0L, false, null);
    }

    private static AskWorkflow stub(WorkflowClient client, Worker worker, AskRequest request) {
        return client.newWorkflowStub(
                AskWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(worker.getTaskQueue())
                        .setWorkflowId(WorkflowIds.forQuestion(request.questionId()))
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                        .build());
    }
}
