package io.askflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.askflow.activities.cache.AnswerCache;
import io.askflow.activities.model.AnswerSink;
import io.askflow.activities.model.ChatModel;
import io.askflow.activities.model.ChatPrompt;
import io.askflow.activities.model.ChatReply;
import io.askflow.activities.model.ConversationHistory;
import io.askflow.activities.model.ModelActivitiesImpl;
import io.askflow.activities.model.PriceTable;
import io.askflow.activities.persistence.PersistenceActivitiesImpl;
import io.askflow.activities.persistence.StepProgressStore;
import io.askflow.activities.stream.QuestionStream;
import io.askflow.testing.SqliteDatabase;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.Steps;
import io.askflow.workflows.activity.GenerationRequest;
import io.askflow.workflows.activity.ModelActivities;
import io.askflow.workflows.activity.Outcome;
import io.askflow.workflows.activity.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model step records its attempt's progress with writes it makes anyway: running in the transaction that
 * claims the question's stream, completed in the one that appends its last text. Real database, the activity
 * run by Temporal's activity test environment.
 */
class ModelStepProgressTest {

    static final String QUESTION = "q-progress";

    @TempDir
    Path dir;

    SqliteDatabase db;
    TestActivityEnvironment env;
    /** What the model does with the sink while it answers; the progress it sees is recorded. */
    BiConsumer<AnswerSink, List<String>> script;

    final List<String> seenDuringTheCall = new ArrayList<>();
    /** Transactions committed through Jdbi (a transaction joined by nested calls commits once). */
    final AtomicInteger commits = new AtomicInteger();

    ChatModel model;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir);
        db.insertQuestion(QUESTION, 1);
        model = new ChatModel() {
            @Override
            public ChatReply complete(ChatPrompt prompt, AnswerSink sink) {
                seenDuringTheCall.add(status() + " after " + events());
                script.accept(sink, seenDuringTheCall);
                return new ChatReply("Hello", "test-model", new Usage(3, 0, 1, 4));
            }

            @Override
            public String modelName() {
                return "test-model";
            }

            @Override
            public String describe() {
                return "test-model";
            }
        };
        db.jdbi.setTransactionHandler(new CountingCommits(db.jdbi.getTransactionHandler(), commits));
    }

    /** The model step as the worker builds it, streaming in batches an hour apart (the first text at once). */
    private ModelActivities start(AnswerCache cache) {
        ModelActivitiesImpl.Streaming streaming = new ModelActivitiesImpl.Streaming(
                new QuestionStream(db.jdbi, Clock.systemUTC()),
                new ConversationHistory(db.jdbi, 1000),
                Duration.ofHours(1),
                new StepProgressStore(db.jdbi));
        env = TestActivityEnvironment.newInstance();
        env.registerActivitiesImplementations(new ModelActivitiesImpl(
                model, new PriceTable(Map.of()), new SimpleMeterRegistry(), cache, Clock.systemUTC(), streaming));
        return env.newActivityStub(
                ModelActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(30))
                        .setRetryOptions(
                                RetryOptions.newBuilder().setMaximumAttempts(1).build())
                        .build());
    }

    @AfterEach
    void close() {
        if (env != null) {
            env.close();
        }
        db.close();
    }

    @Test
    void anAttemptIsRunningFromItsClaimAndCompletedWithItsLastText() {
        script = (sink, seen) -> {
            sink.delta("Hel");
            sink.delta("lo");
            seen.add(status() + " after " + events());
        };

        ModelActivities step = start(new AnswerCache(db.jdbi, Duration.ofHours(1)));
        commits.set(0);
        step.generateAnswer(new GenerationRequest(QUESTION, "What?", false, null));

        // three transactions: the claim with "running", the first text, and the rest of the text with the
        // answer cache's entry and "completed"; progress has none of its own
        assertThat(commits).hasValue(3);
        assertThat(seenDuringTheCall)
                .containsExactly("running after [step running]", "running after [step running, delta Hel]");
        assertThat(status()).isEqualTo("completed");
        assertThat(events()).containsExactly("step running", "delta Hel", "delta lo", "step completed");
        Map<String, Object> row = step();
        assertThat(((Number) row.get("finished_at")).longValue())
                .isGreaterThanOrEqualTo(((Number) row.get("started_at")).longValue());
    }

    @Test
    void anAttemptWhoseLastTextIsRefusedIsNotRecordedCompleted() {
        script = (sink, seen) -> {
            sink.delta("Hel");
            // the question is cancelled while the model writes: its stream closes
            new PersistenceActivitiesImpl(db.jdbi)
                    .saveAnswer(new Outcome(QUESTION, QuestionStatus.CANCELLED, null, "cancelled", "Cancelled.", 1));
            sink.delta("lo");
        };

        ModelActivities step = start(null);
        assertRefusedForAClosedStream(step);

        // the refused append and the completion were one transaction: both rolled back
        assertThat(status()).isEqualTo("running");
        assertThat(events()).containsExactly("step running", "delta Hel", "done");
    }

    @Test
    void aCachedAnswerIsWrittenWholeWithTheAttemptsCompletionInOneTransaction() {
        new AnswerCache(db.jdbi, Duration.ofHours(1))
                .put("test-model", "What?", "Hello", "test-model", System.currentTimeMillis());
        script = (sink, seen) -> {
            throw new AssertionError("a cached answer calls no model");
        };
        ModelActivities step = start(new AnswerCache(db.jdbi, Duration.ofHours(1)));
        commits.set(0);

        assertThat(step.generateAnswer(new GenerationRequest(QUESTION, "What?", false, null))
                        .cached())
                .isTrue();

        assertThat(commits).hasValue(2);
        assertThat(status()).isEqualTo("completed");
        assertThat(events()).containsExactly("step running", "delta Hello", "step completed");
    }

    @Test
    void anAttemptWhoseClaimIsRefusedIsNotRecordedRunning() {
        // cancelled before its model step began: the stream is closed
        new PersistenceActivitiesImpl(db.jdbi)
                .saveAnswer(new Outcome(QUESTION, QuestionStatus.CANCELLED, null, "cancelled", "Cancelled.", 1));
        script = (sink, seen) -> {
            throw new AssertionError("a closed stream calls no model");
        };
        ModelActivities step = start(null);

        assertRefusedForAClosedStream(step);

        assertThat(status()).isEqualTo("none");
        assertThat(events()).containsExactly("done");
    }

    /** Counts the transactions Jdbi commits; nested calls that join a transaction commit nothing themselves. */
    static final class CountingCommits extends DelegatingTransactionHandler {

        private final AtomicInteger commits;

        CountingCommits(TransactionHandler delegate, AtomicInteger commits) {
            super(delegate);
            this.commits = commits;
        }

        @Override
        public void commit(Handle handle) {
            commits.incrementAndGet();
            super.commit(handle);
        }

        @Override
        public TransactionHandler specialize(Handle handle) throws SQLException {
            return new CountingCommits(getDelegate().specialize(handle), commits);
        }
    }

    private static void assertRefusedForAClosedStream(ModelActivities step) {
        assertThatThrownBy(() -> step.generateAnswer(new GenerationRequest(QUESTION, "What?", false, null)))
                .isInstanceOf(ActivityFailure.class)
                .rootCause()
                .hasMessageContaining("stream is closed");
    }

    private Map<String, Object> step() {
        return db.jdbi.withHandle(
                handle -> handle.createQuery("SELECT status, attempts, started_at, finished_at FROM question_steps "
                                + "WHERE question_id = :id AND step = :step")
                        .bind("id", QUESTION)
                        .bind("step", Steps.GENERATE_ANSWER)
                        .mapToMap()
                        .findOne()
                        .orElse(Map.of()));
    }

    /** The model step's progress: its status, or "none" without a row. */
    private String status() {
        return (String) step().getOrDefault("status", "none");
    }

    /** The stream's events in order: a step's status or a delta's text, {@code done} as it is. */
    private List<String> events() {
        return db.jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT kind, data FROM question_events WHERE question_id = :id ORDER BY seq")
                .bind("id", QUESTION)
                .map((rs, ctx) -> {
                    String kind = rs.getString("kind");
                    String data = rs.getString("data");
                    return switch (kind) {
                        case "step" -> "step " + data.replaceAll(".*\"status\":\"([a-z]+)\".*", "$1");
                        case "delta" -> "delta " + data.replaceAll(".*\"text\":\"([^\"]*)\".*", "$1");
                        default -> kind;
                    };
                })
                .list());
    }
}
