package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.askflow.testing.OpenAiStandIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The question API end to end: gateway, Temporal, worker, SQLite and the real openai-java client. */
class QuestionFlowTest {

    final AskflowStack stack = AskflowStack.shared();
    String token;

    @BeforeEach
    void setUp() {
        stack.model.reset();
        token = stack.login(AskflowStack.newUserId());
    }

    @Test
    void syncAskReturnsTheAnswerWithUsageCostAndSteps() {
        AskflowStack.Response response =
                stack.ask("/ask", token, "What is a durable workflow?", "X-Request-Id", "it-sync-1");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).isEqualTo("it-sync-1");
        JsonNode question = response.json();
        assertThat(question.get("status").asText()).isEqualTo("completed");
        assertThat(question.get("question").asText()).isEqualTo("What is a durable workflow?");
        assertThat(question.get("answer").asText()).isEqualTo("Answer number 1 from the stand-in.");
        assertThat(question.get("model").asText()).isEqualTo(OpenAiStandIn.MODEL);
        assertThat(question.get("cached").asBoolean()).isFalse();
        assertThat(question.at("/usage/prompt_tokens").asLong()).isEqualTo(12);
        assertThat(question.at("/usage/cached_tokens").asLong()).isEqualTo(4);
        assertThat(question.at("/usage/completion_tokens").asLong()).isEqualTo(8);
        assertThat(question.at("/usage/total_tokens").asLong()).isEqualTo(20);
        assertThat(question.get("cost_usd").asDouble())
                .isCloseTo((8 * 0.15 + 4 * 0.075 + 8 * 0.60) / 1e6, offset(1e-12));
        assertThat(question.get("error").isNull()).isTrue();
        assertThat(question.get("created_at").asText()).isNotEmpty();
        assertThat(question.get("completed_at").asText()).isNotEmpty();
        JsonNode steps = question.get("steps");
        assertThat(steps).hasSize(4);
        assertThat(steps.get(0).get("name").asText()).isEqualTo("CheckQuota");
        assertThat(steps.get(1).get("name").asText()).isEqualTo("GenerateAnswer");
        assertThat(steps.get(2).get("name").asText()).isEqualTo("SaveAnswer");
        for (int i = 0; i < 3; i++) {
            assertThat(steps.get(i).get("status").asText()).isEqualTo("completed");
            assertThat(steps.get(i).get("attempts").asInt()).isEqualTo(1);
        }
        assertThat(stack.model.calls()).isEqualTo(1);
        // the reservation was settled to the real usage in the same transaction as the answer
        Map<String, Object> admission = admission(question.get("id").asText());
        assertThat(admission).containsEntry("state", "settled");
        assertThat(((Number) admission.get("used_tokens")).longValue()).isEqualTo(20);
    }

    @Test
    void asyncSubmitThenPoll() throws Exception {
        AskflowStack.Response submitted = stack.ask("/questions", token, "Tell me about retries");

        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
        String id = submitted.json().get("id").asText();
        assertThat(submitted.header("Location")).isEqualTo("/questions/" + id);
        assertThat(submitted.json().get("status").asText()).isIn("queued", "running", "completed");

        JsonNode done = stack.awaitFinal(id, token, Duration.ofSeconds(20));
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("answer").asText()).startsWith("Answer number");
        JsonNode telemetryStep = done.get("steps").get(3);
        assertThat(telemetryStep.get("name").asText()).isEqualTo("RecordTelemetry");
    }

    @Test
    void syncTimeoutDegradesTo202AndTheAnswerArrivesLater() throws Exception {
        stack.model.delayNext(AskflowStack.SYNC_TIMEOUT.plusMillis(700));

        AskflowStack.Response response = stack.ask("/ask", token, "A slow question");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        String id = response.json().get("id").asText();
        assertThat(response.header("Location")).isEqualTo("/questions/" + id);
        assertThat(response.json().get("status").asText()).isEqualTo("running");
        JsonNode done = stack.awaitFinal(id, token, Duration.ofSeconds(20));
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(stack.model.calls()).isEqualTo(1);
    }

    @Test
    void transientModelErrorsAreRetriedAndAttemptsAreVisible() {
        stack.model.failWith(500, "server_error", null, 1);
        stack.model.failWith(429, "requests", "rate_limit_exceeded", 1);

        AskflowStack.Response response = stack.ask("/ask", token, "Flaky provider?");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode generate = response.json().get("steps").get(1);
        assertThat(generate.get("attempts").asInt()).isEqualTo(3);
        assertThat(generate.get("status").asText()).isEqualTo("completed");
        assertThat(generate.get("last_failure").asText()).contains("429");
        assertThat(response.json().get("steps").get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(stack.model.calls()).isEqualTo(3);
    }

    @Test
    void exhaustedProviderQuotaFailsAtOnceWithoutRetries() {
        stack.model.failWith(429, "insufficient_quota", "insufficient_quota", 1);

        AskflowStack.Response response = stack.ask("/ask", token, "Anyone there?");

        assertThat(response.status()).as(response.toString()).isEqualTo(502);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        String id = response.json().get("question_id").asText();
        assertThat(response.json().at("/error/code").asText()).isEqualTo("model_quota_exhausted");
        JsonNode question = stack.get("/questions/" + id, token).json();
        assertThat(question.get("status").asText()).isEqualTo("failed");
        assertThat(question.at("/error/code").asText()).isEqualTo("model_quota_exhausted");
        assertThat(question.get("steps").get(1).get("attempts").asInt()).isEqualTo(1);
        assertThat(question.get("steps").get(1).get("status").asText()).isEqualTo("failed");
        assertThat(stack.model.calls()).isEqualTo(1);
        // the compensation gave the reserved tokens back: a failure charges nothing
        assertThat(admission(id)).containsEntry("state", "released");
    }

    /** The question's quota admission: its token reservation and what became of it. */
    private Map<String, Object> admission(String questionId) {
        return Jdbi.create(stack.databaseUrl)
                .withHandle(h -> h.createQuery(
                                "SELECT state, reserved_tokens, used_tokens FROM quota_admissions WHERE question_id = :id")
                        .bind("id", questionId)
                        .mapToMap()
                        .one());
    }

    @Test
    void rejectedRequestToTheModelFailsWithoutRetries() {
        stack.model.failWith(400, "invalid_request_error", null, 1);

        AskflowStack.Response response = stack.ask("/ask", token, "Bad request upstream");

        assertThat(response.status()).as(response.toString()).isEqualTo(502);
        assertThat(response.json().at("/error/code").asText()).isEqualTo("model_request_rejected");
        assertThat(stack.model.calls()).isEqualTo(1);
    }

    @Test
    void sameIdempotencyKeyGivesTheSameQuestionWithOneModelCall() {
        String key = UUID.randomUUID().toString();

        AskflowStack.Response first = stack.ask("/ask", token, "Only once, please", "Idempotency-Key", key);
        AskflowStack.Response second = stack.ask("/ask", token, "Only once, please", "Idempotency-Key", key);
        AskflowStack.Response async = stack.ask("/questions", token, "Only once, please", "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id").asText())
                .isEqualTo(first.json().get("id").asText());
        assertThat(second.json().get("answer").asText())
                .isEqualTo(first.json().get("answer").asText());
        assertThat(async.status()).isEqualTo(202);
        assertThat(async.json().get("id").asText())
                .isEqualTo(first.json().get("id").asText());
        assertThat(stack.model.calls()).isEqualTo(1);
    }

    @Test
    void idempotencyKeyReusedForAnotherQuestionIsRefused() {
        String key = UUID.randomUUID().toString();
        stack.ask("/ask", token, "First question", "Idempotency-Key", key);

        AskflowStack.Response reused = stack.ask("/ask", token, "A different question", "Idempotency-Key", key);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(stack.model.calls()).isEqualTo(1);
    }

    @Test
    void idempotencyKeysAreScopedToTheUser() {
        String key = UUID.randomUUID().toString();
        String other = stack.login(AskflowStack.newUserId());

        AskflowStack.Response mine = stack.ask("/ask", token, "Same words", "Idempotency-Key", key);
        AskflowStack.Response theirs = stack.ask("/ask", other, "Same words", "Idempotency-Key", key);

        assertThat(theirs.json().get("id").asText())
                .isNotEqualTo(mine.json().get("id").asText());
        assertThat(stack.model.calls()).isEqualTo(2);
    }

    @Test
    void ownerOnly() {
        String id =
                stack.ask("/ask", token, "Private question").json().get("id").asText();
        String intruder = stack.login(AskflowStack.newUserId());

        AskflowStack.Response response = stack.get("/questions/" + id, intruder);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("request_id").asText()).isEqualTo(response.header("X-Request-Id"));
        assertThat(stack.get("/history", intruder).json().get("items")).isEmpty();
        assertThat(stack.get("/questions/" + id, token).status()).isEqualTo(200);
    }

    @Test
    void historyIsNewestFirstAndCursorPaginated() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(stack.ask("/ask", token, "Question " + i).json().get("id").asText());
        }

        JsonNode first = stack.get("/history?limit=2", token).json();
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.get("items").get(0).get("id").asText()).isEqualTo(ids.get(2));
        assertThat(first.get("items").get(1).get("id").asText()).isEqualTo(ids.get(1));
        assertThat(first.get("items").get(0).get("answer").asText()).startsWith("Answer number");
        String cursor = first.get("next_cursor").asText();

        JsonNode second = stack.get("/history?limit=2&cursor=" + cursor, token).json();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("items").get(0).get("id").asText()).isEqualTo(ids.get(0));
        assertThat(second.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void overTheRequestLimitIsRejectedWith429BeforeAnyModelCall() {
        for (int i = 0; i < AskflowStack.REQUESTS_PER_MINUTE; i++) {
            assertThat(stack.ask("/ask", token, "Quick one " + i).status()).isEqualTo(200);
        }

        AskflowStack.Response response = stack.ask("/ask", token, "One too many");

        assertThat(response.status()).as(response.toString()).isEqualTo(429);
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 60L);
        String id = response.json().get("question_id").asText();
        JsonNode question = stack.get("/questions/" + id, token).json();
        assertThat(question.get("status").asText()).isEqualTo("rejected");
        assertThat(question.at("/error/code").asText()).isEqualTo("quota_exceeded");
        assertThat(question.get("steps").get(1).get("status").asText()).isEqualTo("pending");
        assertThat(stack.model.calls()).isEqualTo(AskflowStack.REQUESTS_PER_MINUTE);
    }

    @Test
    void aRenamedUserKeepsTheirCounters() {
        long id = AskflowStack.newUserId();
        for (int i = 0; i < AskflowStack.REQUESTS_PER_MINUTE; i++) {
            assertThat(stack.ask("/ask", token(id, "before-" + id), "Counted " + i)
                            .status())
                    .isEqualTo(200);
        }

        String renamed = token(id, "after-" + id);

        assertThat(stack.ask("/ask", renamed, "Same person, new name").status()).isEqualTo(429);
        assertThat(stack.get("/me", renamed).json().get("login").asText()).isEqualTo("after-" + id);
    }

    private String token(long id, String login) {
        return stack.postJson("/auth/dev-login", null, "{\"login\":\"" + login + "\",\"id\":" + id + "}")
                .json()
                .get("token")
                .asText();
    }

    @Test
    void meReturnsTheUser() {
        long id = AskflowStack.newUserId();
        String myToken = stack.login(id);

        JsonNode me = stack.get("/me", myToken).json();

        assertThat(me.get("id").asLong()).isEqualTo(id);
        assertThat(me.get("login").asText()).isEqualTo("user-" + id);
    }
}
