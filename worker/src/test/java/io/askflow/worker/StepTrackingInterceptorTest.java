package io.askflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.askflow.activities.persistence.StepProgressStore;
import io.askflow.testing.SqliteDatabase;
import io.askflow.workflows.AskRequest;
import io.askflow.workflows.AskResult;
import io.askflow.workflows.AskWorkflow;
import io.askflow.workflows.AskWorkflowImpl;
import io.askflow.workflows.Backoff;
import io.askflow.workflows.FailureType;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.StepOptions;
import io.askflow.workflows.StepSettings;
import io.askflow.workflows.Steps;
import io.askflow.workflows.TaskQueues;
import io.askflow.workflows.WorkflowIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The step interceptor around real activity executions: AskWorkflowImpl on Temporal's time-skipping test
 * service, scripted steps, and a real SQLite database for the progress rows the gateway shows as
 * {@code steps}. Retry waits are skipped, so a ten-second backoff costs no real time.
 */
class StepTrackingInterceptorTest {

    static final Duration DELAY = Duration.ofSeconds(10);
    /** How much later than its backoff an attempt may start: dispatch and the previous attempt's own time. */
    static final Duration SLACK = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    SqliteDatabase db;
    TestWorkflowEnvironment env;
    ScriptedSteps steps;
    final ThrownFailures thrown = new ThrownFailures();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final String questionId = UUID.randomUUID().toString();
    final Map<String, StepSettings> settings = new HashMap<>(Map.of(
            Steps.CHECK_QUOTA, step(3, Duration.ofMillis(200), Backoff.EXPONENTIAL),
            Steps.GENERATE_ANSWER, step(3, DELAY, Backoff.EXPONENTIAL),
            Steps.SAVE_ANSWER, step(10, Duration.ofMillis(500), Backoff.EXPONENTIAL),
            Steps.RECORD_TELEMETRY, step(3, Duration.ofSeconds(1), Backoff.CONSTANT)));

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir);
        db.insertQuestion(questionId, 1);
        steps = new ScriptedSteps(
                () -> env.currentTimeMillis(),
                step -> StepProgress.read(db.jdbi, questionId, step).orElse(null),
                new StepProgressStore(db.jdbi));
    }

    @AfterEach
    void close() {
        if (env != null) {
            env.close();
        }
        db.close();
    }

    @Test
    void eachStepIsRecordedCompletedAndTheModelStepRunningDuringItsAttempt() {
        AskResult result = ask();

        assertThat(result.status()).isEqualTo(QuestionStatus.COMPLETED);
        assertThat(steps.attempts(Steps.GENERATE_ANSWER)).singleElement().satisfies(attempt -> {
            assertThat(attempt.number()).isEqualTo(1);
            assertThat(attempt.progress().status()).isEqualTo("running");
            assertThat(attempt.progress().attempts()).isEqualTo(1);
            assertThat(attempt.progress().finishedAt()).isNull();
        });
        for (String step : Steps.ALL) {
            if (Steps.SINGLE_TRANSACTION.contains(step)) {
                // no write of its own before the step's work: its progress commits with that work
                assertThat(steps.attempts(step))
                        .as(step)
                        .singleElement()
                        .satisfies(attempt -> assertThat(attempt.progress()).isNull());
            }
            StepProgress done = progress(step);
            assertThat(done.status()).as(step).isEqualTo("completed");
            assertThat(done.attempts()).as(step).isEqualTo(1);
            assertThat(done.lastFailure()).as(step).isNull();
            assertThat(done.finishedAt()).as(step).isGreaterThanOrEqualTo(done.startedAt());
        }
        assertThat(attempts(Steps.GENERATE_ANSWER, "completed")).isEqualTo(1);
    }

    @Test
    void aOneTransactionStepsWorkAndItsProgressCommitTogetherOrNotAtAll() {
        List<String> statusSeenByAttempt = new CopyOnWriteArrayList<>();
        steps.script(Steps.CHECK_QUOTA, attempt -> {
            statusSeenByAttempt.add(questionStatus());
            // the step's own write, through its own Jdbi call as the real steps make them
            db.jdbi.useHandle(
                    handle -> handle.execute("UPDATE questions SET status = 'running' WHERE id = ?", questionId));
            return attempt == 1 ? new IllegalStateException("database busy") : null;
        });

        assertThat(ask().status()).isEqualTo(QuestionStatus.COMPLETED);

        // the failed attempt's write was rolled back with it; its failure was recorded after the rollback
        assertThat(statusSeenByAttempt).containsExactly("queued", "queued");
        assertThat(questionStatus()).isEqualTo("running");
        assertThat(thrown.of(Steps.CHECK_QUOTA)).singleElement().satisfies(t -> {
            assertThat(t.progressAfter().status()).isEqualTo("retrying");
            assertThat(t.progressAfter().lastFailure()).isEqualTo("database busy");
        });
        StepProgress done = progress(Steps.CHECK_QUOTA);
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.lastFailure()).isEqualTo("database busy");
    }

    @Test
    void aRetriedStepIsRetryingBetweenAttemptsAndKeepsItsLastFailure() {
        steps.script(
                Steps.GENERATE_ANSWER,
                attempt -> attempt <= 2 ? new IllegalStateException("connection reset " + attempt) : null);

        AskResult result = ask();

        assertThat(result.status()).isEqualTo(QuestionStatus.COMPLETED);
        assertThat(thrown.of(Steps.GENERATE_ANSWER))
                .extracting(ThrownFailure::progressAfter)
                .allSatisfy(after -> {
                    assertThat(after.status()).isEqualTo("retrying");
                    assertThat(after.finishedAt()).isNull();
                })
                .extracting(StepProgress::attempts, StepProgress::lastFailure)
                .containsExactly(tuple(1, "connection reset 1"), tuple(2, "connection reset 2"));
        assertThat(steps.attempts(Steps.GENERATE_ANSWER))
                .extracting(
                        a -> a.progress().status(),
                        a -> a.progress().attempts(),
                        a -> a.progress().lastFailure())
                .containsExactly(
                        tuple("running", 1, null),
                        tuple("running", 2, "connection reset 1"),
                        tuple("running", 3, "connection reset 2"));
        StepProgress done = progress(Steps.GENERATE_ANSWER);
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.lastFailure()).isEqualTo("connection reset 2");
        assertThat(done.finishedAt()).isNotNull();
        assertThat(attempts(Steps.GENERATE_ANSWER, "retrying")).isEqualTo(2);
        assertThat(attempts(Steps.GENERATE_ANSWER, "completed")).isEqualTo(1);
    }

    @Test
    void aStepThatRunsOutOfAttemptsIsFailedOnTheLastOne() {
        settings.put(Steps.GENERATE_ANSWER, step(2, DELAY, Backoff.EXPONENTIAL));
        steps.script(Steps.GENERATE_ANSWER, attempt -> new IllegalStateException("down " + attempt));

        AskResult result = ask();

        assertThat(result.status()).isEqualTo(QuestionStatus.FAILED);
        assertThat(thrown.of(Steps.GENERATE_ANSWER))
                .extracting(t -> t.progressAfter().status())
                .containsExactly("retrying", "retrying", "failed");
        StepProgress done = progress(Steps.GENERATE_ANSWER);
        assertThat(done.status()).isEqualTo("failed");
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.lastFailure()).isEqualTo("down 3");
        assertThat(done.finishedAt()).isNotNull();
        assertThat(attempts(Steps.GENERATE_ANSWER, "failed")).isEqualTo(1);
    }

    @Test
    void aPermanentFailureIsFailedAtOnceEvenWhenNotMarkedNonRetryable() {
        // typed as permanent, thrown without the non-retryable flag: the retry policy's do-not-retry list and
        // the interceptor agree that it is final
        steps.script(
                Steps.GENERATE_ANSWER,
                attempt -> ApplicationFailure.newFailure("bad key", FailureType.MODEL_REQUEST_REJECTED.name()));

        AskResult result = ask();

        assertThat(result.status()).isEqualTo(QuestionStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo("model_request_rejected");
        assertThat(steps.attempts(Steps.GENERATE_ANSWER)).hasSize(1);
        assertThat(progress(Steps.GENERATE_ANSWER).status()).isEqualTo("failed");
        assertThat(thrown.of(Steps.GENERATE_ANSWER))
                .singleElement()
                .satisfies(t -> assertThat(((ApplicationFailure) t.failure()).getNextRetryDelay())
                        .isNull());
    }

    @Test
    void aTypedFailureIsRecordedWithItsOwnMessage() {
        steps.script(
                Steps.GENERATE_ANSWER,
                attempt -> attempt == 1
                        ? ApplicationFailure.newFailure(
                                "model provider answered 503: busy", FailureType.MODEL_UNAVAILABLE.name())
                        : null);

        assertThat(ask().status()).isEqualTo(QuestionStatus.COMPLETED);

        assertThat(progress(Steps.GENERATE_ANSWER).lastFailure()).isEqualTo("model provider answered 503: busy");
    }

    @Test
    void releaseQuotaIsTrackedUnderCheckQuotasRetryPolicy() {
        settings.put(Steps.GENERATE_ANSWER, step(0, DELAY, Backoff.EXPONENTIAL));
        steps.script(Steps.GENERATE_ANSWER, attempt -> new IllegalStateException("down"));
        steps.script(Steps.RELEASE_QUOTA, attempt -> attempt == 1 ? new IllegalStateException("database busy") : null);

        assertThat(ask().status()).isEqualTo(QuestionStatus.FAILED);

        assertThat(steps.attempts(Steps.RELEASE_QUOTA)).hasSize(2);
        assertThat(thrown.of(Steps.RELEASE_QUOTA))
                .singleElement()
                .satisfies(t -> assertThat(t.progressAfter().status()).isEqualTo("retrying"));
        assertThat(attempts(Steps.RELEASE_QUOTA, "retrying")).isEqualTo(1);
        assertThat(progress(Steps.RELEASE_QUOTA).status()).isEqualTo("completed");
    }

    @Test
    void linearBackoffSetsTheNextRetryDelayToDelayTimesAttemptOnWhateverWasThrown() {
        settings.put(Steps.GENERATE_ANSWER, step(3, DELAY, Backoff.LINEAR));
        steps.script(Steps.GENERATE_ANSWER, attempt -> switch (attempt) {
            case 1 -> new IllegalStateException("connection reset");
            case 2 ->
                ApplicationFailure.newFailure("model provider answered 503", FailureType.MODEL_UNAVAILABLE.name());
            case 3 -> new IllegalStateException("connection reset again");
            default -> null;
        });

        AskResult result = ask();

        assertThat(result.status()).isEqualTo(QuestionStatus.COMPLETED);
        List<ThrownFailure> failures = thrown.of(Steps.GENERATE_ANSWER);
        assertThat(failures)
                .extracting(t -> t.failure() instanceof ApplicationFailure f ? f.getNextRetryDelay() : null)
                .containsExactly(DELAY, DELAY.multipliedBy(2), DELAY.multipliedBy(3));
        // an untyped exception is wrapped, keeping its message, class name and the exception itself
        assertThat(failures.get(0).failure()).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getOriginalMessage()).isEqualTo("connection reset");
            assertThat(f.getType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(f.getCause()).isInstanceOf(IllegalStateException.class);
        });
        // a typed failure keeps its type
        assertThat(((ApplicationFailure) failures.get(1).failure()).getType())
                .isEqualTo(FailureType.MODEL_UNAVAILABLE.name());
        // and Temporal honours the delays: 10 s, 20 s, 30 s between attempts
        assertThat(waitsBetweenAttempts(Steps.GENERATE_ANSWER))
                .satisfiesExactly(
                        wait -> assertWait(wait, DELAY),
                        wait -> assertWait(wait, DELAY.multipliedBy(2)),
                        wait -> assertWait(wait, DELAY.multipliedBy(3)));
        StepProgress done = progress(Steps.GENERATE_ANSWER);
        assertThat(done.attempts()).isEqualTo(4);
        assertThat(Duration.ofMillis(done.finishedAt() - done.startedAt()))
                .isGreaterThanOrEqualTo(DELAY.multipliedBy(6));
    }

    @Test
    void linearBackoffSetsNoDelayOnTheLastAttempt() {
        settings.put(Steps.GENERATE_ANSWER, step(1, DELAY, Backoff.LINEAR));
        steps.script(
                Steps.GENERATE_ANSWER,
                attempt -> ApplicationFailure.newFailure("busy " + attempt, FailureType.MODEL_UNAVAILABLE.name()));

        assertThat(ask().status()).isEqualTo(QuestionStatus.FAILED);

        assertThat(thrown.of(Steps.GENERATE_ANSWER))
                .extracting(t -> ((ApplicationFailure) t.failure()).getNextRetryDelay())
                .containsExactly(DELAY, null);
    }

    @ParameterizedTest
    @EnumSource(
            value = Backoff.class,
            names = {"CONSTANT", "EXPONENTIAL"})
    void constantAndExponentialBackoffAreLeftToTemporalsRetryPolicy(Backoff backoff) {
        settings.put(Steps.GENERATE_ANSWER, step(3, DELAY, backoff));
        steps.script(Steps.GENERATE_ANSWER, attempt -> switch (attempt) {
            case 1, 3 -> new IllegalStateException("connection reset");
            case 2 ->
                ApplicationFailure.newFailure("model provider answered 503", FailureType.MODEL_UNAVAILABLE.name());
            default -> null;
        });

        assertThat(ask().status()).isEqualTo(QuestionStatus.COMPLETED);

        List<ThrownFailure> failures = thrown.of(Steps.GENERATE_ANSWER);
        // rethrown untouched: no delay of the interceptor's, and untyped exceptions are not wrapped
        assertThat(failures.get(0).failure()).isExactlyInstanceOf(IllegalStateException.class);
        assertThat(((ApplicationFailure) failures.get(1).failure()).getNextRetryDelay())
                .isNull();
        assertThat(failures.get(2).failure()).isExactlyInstanceOf(IllegalStateException.class);
        List<Duration> expected = backoff == Backoff.CONSTANT
                ? List.of(DELAY, DELAY, DELAY)
                : List.of(DELAY, DELAY.multipliedBy(2), DELAY.multipliedBy(4));
        List<Duration> waits = waitsBetweenAttempts(Steps.GENERATE_ANSWER);
        assertThat(waits).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertWait(waits.get(i), expected.get(i));
        }
    }

    private AskResult ask() {
        if (env == null) {
            start();
        }
        AskWorkflow workflow = env.getWorkflowClient()
                .newWorkflowStub(
                        AskWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TaskQueues.ASK)
                                .setWorkflowId(WorkflowIds.forQuestion(questionId))
                                .build());
        return workflow.ask(new AskRequest(questionId, 1, "What is Temporal?", "req-1", "/ask", 0, false, null));
    }

    /** The worker as the application builds it: step options from the settings, the interceptor around steps. */
    private void start() {
        Map<String, StepSettings> configured = Map.copyOf(settings);
        TestWorkflowEnvironment[] holder = new TestWorkflowEnvironment[1];
        Clock temporalTime = new TemporalClock(() -> holder[0].currentTimeMillis());
        StepTrackingInterceptor tracking =
                new StepTrackingInterceptor(new StepProgressStore(db.jdbi), configured, temporalTime, meters);
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                        // the last interceptor is the outermost: ThrownFailures sees what the tracker throws
                        .setWorkerInterceptors(tracking, thrown)
                        .build())
                .build());
        holder[0] = env;
        Worker worker = env.newWorker(TaskQueues.ASK);
        worker.registerWorkflowImplementationTypes(stepPolicies(configured), AskWorkflowImpl.class);
        worker.registerActivitiesImplementations(steps);
        env.start();
    }

    private String questionStatus() {
        return db.jdbi.withHandle(handle -> handle.createQuery("SELECT status FROM questions WHERE id = :id")
                .bind("id", questionId)
                .mapTo(String.class)
                .one());
    }

    private StepProgress progress(String step) {
        return StepProgress.read(db.jdbi, questionId, step).orElseThrow();
    }

    private List<Duration> waitsBetweenAttempts(String step) {
        List<ScriptedSteps.Attempt> attempts = steps.attempts(step);
        return IntStream.range(1, attempts.size())
                .mapToObj(i -> Duration.ofMillis(
                        attempts.get(i).startedAtMillis() - attempts.get(i - 1).startedAtMillis()))
                .toList();
    }

    private static void assertWait(Duration wait, Duration backoff) {
        assertThat(wait).isBetween(backoff, backoff.plus(SLACK));
    }

    private long attempts(String step, String outcome) {
        return meters.get("askflow.step.attempts")
                .tag("step", step)
                .tag("outcome", outcome)
                .timer()
                .count();
    }

    static StepSettings step(int retries, Duration delay, Backoff backoff) {
        return new StepSettings(new StepSettings.Retries(retries, delay, backoff), Duration.ofMinutes(1), null);
    }

    /** A failure as the step interceptor threw it, with the step's progress row right after. */
    record ThrownFailure(String step, int attempt, RuntimeException failure, StepProgress progressAfter) {}

    /** Sits outside the step interceptor and records what it throws. */
    final class ThrownFailures extends WorkerInterceptorBase {

        final List<ThrownFailure> thrown = new CopyOnWriteArrayList<>();

        List<ThrownFailure> of(String step) {
            return thrown.stream().filter(t -> t.step().equals(step)).toList();
        }

        @Override
        public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
            return new ActivityInboundCallsInterceptorBase(next) {
                private ActivityExecutionContext context;

                @Override
                public void init(ActivityExecutionContext context) {
                    this.context = context;
                    super.init(context);
                }

                @Override
                public ActivityOutput execute(ActivityInput input) {
                    try {
                        return super.execute(input);
                    } catch (RuntimeException e) {
                        String step = context.getInfo().getActivityType();
                        thrown.add(new ThrownFailure(
                                step,
                                context.getInfo().getAttempt(),
                                e,
                                StepProgress.read(db.jdbi, questionId, step).orElse(null)));
                        throw e;
                    }
                }
            };
        }
    }

    /** The test service's clock, which jumps over retry waits. */
    static final class TemporalClock extends Clock {

        private final LongSupplier millis;

        TemporalClock(LongSupplier millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long millis() {
            return millis.getAsLong();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    }

    /** The step policies as the worker applies them (its WorkflowImplementationOptionsCustomizer). */
    private static WorkflowImplementationOptions stepPolicies(Map<String, StepSettings> steps) {
        return StepOptions.implementationOptions(steps);
    }
}
