package io.askflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.askflow.it.SseEvents;
import io.askflow.it.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built gateway and worker as separate processes on a real Temporal server: the API end to end, and
 * what production throws at it. Each fault test asserts nothing is lost or duplicated: one question row,
 * one charge (quota admission), one answer.
 */
class EndToEndTest {

    static ProcessStack stack;
    String token;

    @BeforeAll
    static void start() throws Exception {
        stack = ProcessStack.start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        stack.model.reset();
        token = stack.login(ProcessStack.newUserId());
    }

    @Test
    void syncAskAsyncPollHistoryIdempotencyAndOwnership() throws Exception {
        ProcessStack.Response sync = stack.ask("/ask", token, "First, synchronously");
        assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
        assertThat(sync.json().get("answer").asText()).startsWith("Answer number");

        ProcessStack.Response async = stack.ask("/questions", token, "Then, asynchronously");
        assertThat(async.status()).isEqualTo(202);
        String asyncId = async.json().get("id").asText();
        assertThat(async.location()).isEqualTo("/questions/" + asyncId);
        assertThat(stack.awaitFinal(asyncId, token, Duration.ofSeconds(30))
                        .get("status")
                        .asText())
                .isEqualTo("completed");

        String key = UUID.randomUUID().toString();
        ProcessStack.Response once = stack.ask("/ask", token, "Only once", "Idempotency-Key", key);
        ProcessStack.Response again = stack.ask("/ask", token, "Only once", "Idempotency-Key", key);
        assertThat(again.json().get("id").asText())
                .isEqualTo(once.json().get("id").asText());

        JsonNode history = stack.get("/history", token).json();
        assertThat(history.get("items")).hasSize(3);
        assertThat(history.get("items").get(0).get("question").asText()).isEqualTo("Only once");
        assertThat(stack.model.calls()).isEqualTo(3);

        String stranger = stack.login(ProcessStack.newUserId());
        assertThat(stack.get("/questions/" + asyncId, stranger).status()).isEqualTo(404);
        assertThat(stack.get("/history", stranger).json().get("items")).isEmpty();
    }

    @Test
    void theTemporalUiShowsEveryStepOfAQuestionsWorkflow() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(stack.temporalUi.isBlank(), "ASKFLOW_E2E_TEMPORAL_UI not set");
        ProcessStack.Response response = stack.ask("/ask", token, "Show me in the Temporal UI");
        String id = response.json().get("id").asText();
        String ui = response.json().at("/workflow/ui_url").asText();
        assertThat(response.json().at("/workflow/id").asText()).isEqualTo("ask-" + id);
        assertThat(ui).isEqualTo(stack.temporalUi + "/namespaces/default/workflows/ask-" + id);
        stack.awaitStep(id, token, "RecordTelemetry", "completed", Duration.ofSeconds(10));

        String page = HeadlessChromium.dumpDom(ui, 20_000);

        assertThat(page).contains("ask-" + id).contains("AskWorkflow");
        for (String step : new String[] {"CheckQuota", "GenerateAnswer", "SaveAnswer", "RecordTelemetry"}) {
            assertThat(page).as("step %s in the event history", step).contains(step);
        }
    }

    @Test
    void workerKilledDuringTheModelCallThenRestartedCompletesTheQuestion() throws Exception {
        stack.model.delayNext(Duration.ofSeconds(2));
        String id = stack.ask("/questions", token, "Survive a crash")
                .json()
                .get("id")
                .asText();
        stack.awaitStep(id, token, "GenerateAnswer", "running", Duration.ofSeconds(20));

        stack.killWorker();
        stack.startWorker();

        JsonNode question = stack.awaitFinal(id, token, Duration.ofSeconds(60));
        assertThat(question.get("status").asText()).isEqualTo("completed");
        JsonNode generate = question.get("steps").get(1);
        assertThat(generate.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(question.get("steps").get(0).get("attempts").asInt()).isEqualTo(1);
        assertExactlyOnce(id);
    }

    @Test
    void workerKilledMidStreamGivesOneRetryEventThenTheCompleteAnswer() throws Exception {
        stack.model.chunkDelay(Duration.ofMillis(300));
        String id = stack.ask("/questions", token, "Stream through a crash")
                .json()
                .get("id")
                .asText();
        try (SseEvents events = stack.events(id, token)) {
            List<SseEvents.Event> before = events.until("delta", Duration.ofSeconds(30));

            stack.killWorker();
            stack.startWorker();

            List<SseEvents.Event> after = events.until("done", Duration.ofSeconds(60));
            List<SseEvents.Event> all = new ArrayList<>(before);
            all.addAll(after);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).id())
                        .as("offsets without gap or repeat: %s", all)
                        .isEqualTo(i);
            }
            List<SseEvents.Event> retries =
                    all.stream().filter(e -> e.name().equals("retry")).toList();
            assertThat(retries).hasSize(1);
            assertThat(retries.get(0).json().get("attempt").asInt()).isEqualTo(2);
            String answer = all.subList(all.indexOf(retries.get(0)), all.size()).stream()
                    .filter(e -> e.name().equals("delta"))
                    .map(e -> e.json().get("text").asText())
                    .collect(Collectors.joining());
            JsonNode question = all.get(all.size() - 1).json();
            assertThat(question.get("status").asText()).isEqualTo("completed");
            assertThat(answer).isEqualTo(question.get("answer").asText());
        }
        assertExactlyOnce(id);
    }

    @Test
    void gatewayRestartedWhileAQuestionIsPendingStillAnswersThePoll() throws Exception {
        stack.model.delayNext(Duration.ofSeconds(2));
        String id = stack.ask("/questions", token, "Outlive the gateway")
                .json()
                .get("id")
                .asText();

        stack.killGateway();
        stack.startGateway();

        JsonNode question = stack.awaitFinal(id, token, Duration.ofSeconds(60));
        assertThat(question.get("status").asText()).isEqualTo("completed");
        assertExactlyOnce(id);
    }

    @Test
    void providerErrorsAndTimeoutsThenHealing() throws Exception {
        stack.model.failWith(500, "server_error", null, 1);
        stack.model.delayNext(Duration.ofSeconds(5)); // longer than the 3 s client timeout
        stack.model.failWith(503, "server_error", null, 1);

        ProcessStack.Response response = stack.ask("/ask", token, "Eventually, please");

        JsonNode question = response.status() == 200
                ? response.json()
                : stack.awaitFinal(response.json().get("id").asText(), token, Duration.ofSeconds(60));
        assertThat(question.get("status").asText()).isEqualTo("completed");
        JsonNode generate = question.get("steps").get(1);
        assertThat(generate.get("attempts").asInt()).isEqualTo(4);
        assertThat(generate.get("last_failure").asText()).contains("503");
        assertExactlyOnce(question.get("id").asText());
    }

    @Test
    void exhaustedProviderQuotaFailsAtOnce() throws Exception {
        stack.model.failWith(429, "insufficient_quota", "insufficient_quota", 1);

        ProcessStack.Response response = stack.ask("/ask", token, "No credit left");

        assertThat(response.status()).isEqualTo(502);
        String id = response.json().get("question_id").asText();
        JsonNode question = stack.get("/questions/" + id, token).json();
        assertThat(question.at("/error/code").asText()).isEqualTo("model_quota_exhausted");
        assertThat(question.get("steps").get(1).get("attempts").asInt()).isEqualTo(1);
        assertThat(stack.model.calls()).isEqualTo(1);
    }

    @Test
    void aBrieflyLockedDatabaseIsRetriedThrough() throws Exception {
        stack.model.delayNext(Duration.ofSeconds(1));
        String id = stack.ask("/questions", token, "Wait for the lock")
                .json()
                .get("id")
                .asText();
        stack.awaitStep(id, token, "GenerateAnswer", "running", Duration.ofSeconds(20));

        // Another writer holds the write lock (SQLite's, or PostgreSQL's on the tables the steps write) for longer
        // than a step attempt may take (10 s), so the attempt that meets it times out and is retried once the
        // lock is gone.
        try (Connection other = stack.database.connect();
                Statement statement = other.createStatement()) {
            if (TestDatabase.isPostgres()) {
                other.setAutoCommit(false);
                statement.execute("LOCK TABLE questions, question_steps, quota_admissions IN EXCLUSIVE MODE");
            } else {
                statement.execute("PRAGMA busy_timeout = 10000");
                statement.execute("BEGIN EXCLUSIVE");
            }
            Thread.sleep(12_000);
            if (TestDatabase.isPostgres()) {
                other.commit();
            } else {
                statement.execute("COMMIT");
            }
        }

        JsonNode question = stack.awaitFinal(id, token, Duration.ofSeconds(60));
        assertThat(question.get("status").asText()).isEqualTo("completed");
        // the three steps before the reply each ran once at least; one of them ran again after the lock
        int attempts = 0;
        for (int i = 0; i < 3; i++) {
            attempts += question.get("steps").get(i).get("attempts").asInt();
        }
        assertThat(attempts)
                .as("some step was retried: %s", question.get("steps"))
                .isGreaterThan(3);
        assertExactlyOnce(id);
    }

    /** One question row, one quota admission (charge), one answer, one telemetry event at most. */
    private static void assertExactlyOnce(String id) throws Exception {
        try (Connection db = stack.database.connect()) {
            assertThat(count(db, "SELECT COUNT(*) FROM questions WHERE id = '" + id + "'"))
                    .isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM quota_admissions WHERE question_id = '" + id + "'"))
                    .isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM questions WHERE id = '" + id + "' AND answer IS NOT NULL"))
                    .isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM telemetry_events WHERE question_id = '" + id + "'"))
                    .isLessThanOrEqualTo(1);
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
