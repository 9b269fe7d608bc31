package io.askflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.askflow.workflows.AskRequest;
import io.askflow.workflows.AskWorkflow;
import io.askflow.workflows.AskWorkflowImpl;
import io.askflow.workflows.Backoff;
import io.askflow.workflows.StepOptions;
import io.askflow.workflows.StepSettings;
import io.askflow.workflows.Steps;
import io.askflow.workflows.TaskQueues;
import io.askflow.workflows.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker asked to stop while GenerateAnswer is running, on Temporal's test service. */
class GracefulWorkerShutdownTest {

    static final StepSettings STEP = new StepSettings(
            new StepSettings.Retries(3, Duration.ofSeconds(1), Backoff.EXPONENTIAL), Duration.ofMinutes(1), null);

    final String questionId = UUID.randomUUID().toString();
    final CountDownLatch generating = new CountDownLatch(1);
    final CountDownLatch finishGenerating = new CountDownLatch(1);
    volatile long generatedAtNanos;

    TestWorkflowEnvironment env;
    WorkerFactory factory;
    ScriptedSteps steps;

    @BeforeEach
    void aStepIsRunning() throws InterruptedException {
        env = TestWorkflowEnvironment.newInstance();
        factory = env.getWorkerFactory();
        steps = new ScriptedSteps(env::currentTimeMillis, step -> null, null);
        steps.script(Steps.GENERATE_ANSWER, attempt -> {
            generating.countDown();
            try {
                finishGenerating.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new IllegalStateException("interrupted");
            }
            generatedAtNanos = System.nanoTime();
            return null;
        });
        Worker worker = env.newWorker(TaskQueues.ASK);
        worker.registerWorkflowImplementationTypes(
                stepPolicies(Map.of(
                        Steps.CHECK_QUOTA, STEP,
                        Steps.GENERATE_ANSWER, STEP,
                        Steps.SAVE_ANSWER, STEP,
                        Steps.RECORD_TELEMETRY, STEP)),
                AskWorkflowImpl.class);
        worker.registerActivitiesImplementations(steps);
        env.start();
        // Not waited on: the test service's time stays locked, so no timeout fires while the step blocks.
        WorkflowClient.start(
                env.getWorkflowClient()
                        .newWorkflowStub(
                                AskWorkflow.class,
                                WorkflowOptions.newBuilder()
                                        .setTaskQueue(TaskQueues.ASK)
                                        .setWorkflowId(WorkflowIds.forQuestion(questionId))
                                        .build())::ask,
                new AskRequest(questionId, 1, "What is Temporal?", "req-1", "/ask", 0, false, null));
        assertThat(generating.await(30, TimeUnit.SECONDS))
                .as("GenerateAnswer started")
                .isTrue();
    }

    @AfterEach
    void close() {
        finishGenerating.countDown();
        env.close();
    }

    @Test
    void stopTakesNoNewTasksAndReturnsOnlyOnceTheRunningStepHasFinishedAndReported() throws Exception {
        GracefulWorkerShutdown shutdown = new GracefulWorkerShutdown(factory, Duration.ofSeconds(30));
        shutdown.start();
        assertThat(shutdown.isRunning()).isTrue();

        CompletableFuture<Long> stopped = CompletableFuture.supplyAsync(() -> {
            shutdown.stop();
            return System.nanoTime();
        });

        assertThatThrownBy(() -> stopped.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(factory.isShutdown()).as("polling stopped").isTrue();
        assertThat(shutdown.isRunning()).isFalse();

        finishGenerating.countDown();
        long stoppedAtNanos = stopped.get(30, TimeUnit.SECONDS);

        assertThat(stoppedAtNanos).isGreaterThan(generatedAtNanos);
        assertThat(factory.isTerminated()).isTrue();
        // the step's result reached Temporal (the only activity task: CheckQuota ran as a local activity, a
        // marker in the history); the worker took no further step
        assertThat(completedActivities()).isEqualTo(1);
        assertThat(steps.attempts(Steps.SAVE_ANSWER)).isEmpty();
    }

    @Test
    void stopGivesUpWaitingAfterTheGracePeriod() {
        GracefulWorkerShutdown shutdown = new GracefulWorkerShutdown(factory, Duration.ofMillis(300));
        shutdown.start();

        long startedNanos = System.nanoTime();
        shutdown.stop();
        Duration waited = Duration.ofNanos(System.nanoTime() - startedNanos);

        assertThat(waited).isBetween(Duration.ofMillis(300), Duration.ofSeconds(10));
        assertThat(factory.isTerminated()).as("the step is still running").isFalse();
        assertThat(generatedAtNanos).isZero();
    }

    @Test
    void itStopsBeforeEveryOtherLifecycleBean() {
        // the highest phase stops first, while the database pool and the web server are still up
        assertThat(new GracefulWorkerShutdown(factory, Duration.ofSeconds(1)).getPhase())
                .isEqualTo(Integer.MAX_VALUE);
    }

    private long completedActivities() {
        List<HistoryEvent> events = env.getWorkflowClient()
                .fetchHistory(WorkflowIds.forQuestion(questionId))
                .getEvents();
        return events.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                .count();
    }

    /** The step policies as the worker applies them (its WorkflowImplementationOptionsCustomizer). */
    private static WorkflowImplementationOptions stepPolicies(Map<String, StepSettings> steps) {
        return StepOptions.implementationOptions(steps);
    }
}
