package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Telemetry events, metrics and JSON logs of one question, as an operator would look for them. */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTest {

    final AskflowStack stack = AskflowStack.shared();
    final ObjectMapper json = new ObjectMapper();
    long userId;
    String token;

    @BeforeEach
    void setUp() {
        stack.model.reset();
        userId = AskflowStack.newUserId();
        token = stack.login(userId);
    }

    @Test
    void theRequestIdFindsTheQuestionsWholeStoryInGatewayAndWorkerLogs(CapturedOutput output) throws Exception {
        String requestId = "trace-" + userId;
        String secretText = "confidential question " + userId;
        AskflowStack.Response response = stack.ask("/ask", token, secretText, "X-Request-Id", requestId);
        assertThat(response.status()).isEqualTo(200);
        String questionId = response.json().get("id").asText();
        stack.awaitFinal(questionId, token, java.time.Duration.ofSeconds(10));
        awaitTelemetryEvent(questionId);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.getOut().split("\n")) {
            if (line.startsWith("{") && line.contains(requestId)) {
                lines.add(json.readTree(line));
            }
        }
        Set<String> loggers = new TreeSet<>();
        List<String> stepLines = new ArrayList<>();
        for (JsonNode line : lines) {
            assertThat(line.get("request_id").asText()).isEqualTo(requestId);
            assertThat(line.get("user_id").asText()).isEqualTo(Long.toString(userId));
            loggers.add(line.at("/log/logger").asText());
            if (line.has("step")) {
                if (line.at("/log/logger").asText().equals("io.askflow.worker.StepTrackingInterceptor")) {
                    stepLines.add(line.get("step").asText());
                }
                assertThat(line.get("workflow_id").asText()).isEqualTo("ask-" + questionId);
                assertThat(line.get("attempt").asText()).isEqualTo("1");
                assertThat(line.get("outcome").asText()).isEqualTo("completed");
            }
        }
        assertThat(loggers)
                .contains(
                        "io.askflow.gateway.questions.QuestionService",
                        "io.askflow.worker.StepTrackingInterceptor",
                        "io.askflow.workflows.AskWorkflowImpl");
        // one line per step: the step interceptor wraps each attempt once (registered once with the worker)
        assertThat(stepLines)
                .containsExactlyInAnyOrder("CheckQuota", "GenerateAnswer", "SaveAnswer", "RecordTelemetry");
        assertThat(output.getOut()).doesNotContain(secretText).doesNotContain(token);
    }

    @Test
    void oneTelemetryEventPerQuestionWithRequestAndResponseMetadata() throws Exception {
        AskflowStack.Response response = stack.ask("/ask", token, "Twelve chars", "X-Request-Id", "tele-" + userId);
        String questionId = response.json().get("id").asText();

        Map<String, Object> event = awaitTelemetryEvent(questionId);

        assertThat(event.get("request_id")).isEqualTo("tele-" + userId);
        assertThat(((Number) event.get("user_id")).longValue()).isEqualTo(userId);
        assertThat(event.get("endpoint")).isEqualTo("/ask");
        assertThat(((Number) event.get("question_length")).intValue()).isEqualTo("Twelve chars".length());
        assertThat(event.get("status")).isEqualTo("completed");
        assertThat(((Number) event.get("answer_length")).intValue())
                .isEqualTo(response.json().get("answer").asText().length());
        assertThat(event.get("model")).isEqualTo(response.json().get("model").asText());
        assertThat(((Number) event.get("total_tokens")).longValue()).isEqualTo(20);
        assertThat(((Number) event.get("cached_tokens")).longValue()).isEqualTo(4);
        assertThat(((Number) event.get("cost_usd")).doubleValue()).isPositive();
        assertThat(((Number) event.get("total_latency_ms")).longValue())
                .isGreaterThanOrEqualTo(((Number) event.get("model_latency_ms")).longValue());
        long events = jdbi().withHandle(
                        h -> h.createQuery("SELECT COUNT(*) FROM telemetry_events WHERE question_id = :id")
                                .bind("id", questionId)
                                .mapTo(Long.class)
                                .one());
        assertThat(events).isEqualTo(1);
    }

    @Test
    void adminsFindEventsByRequestIdOthersGet403() throws Exception {
        String requestId = "admin-" + userId;
        String questionId = stack.ask("/ask", token, "Find me", "X-Request-Id", requestId)
                .json()
                .get("id")
                .asText();
        awaitTelemetryEvent(questionId);
        String admin = stack.login(AskflowStack.ADMIN_ID);

        AskflowStack.Response found = stack.get("/admin/telemetry?request_id=" + requestId, admin);

        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.json().get("items")).singleElement().satisfies(event -> {
            assertThat(event.get("question_id").asText()).isEqualTo(questionId);
            assertThat(event.get("user_id").asLong()).isEqualTo(userId);
            assertThat(event.get("status").asText()).isEqualTo("completed");
            assertThat(event.get("total_tokens").asLong()).isEqualTo(20);
        });
        assertThat(stack.get("/admin/telemetry?user_id=" + userId, admin).json().get("items"))
                .hasSize(1);
        assertThat(stack.get("/admin/telemetry?request_id=" + requestId, token).status())
                .isEqualTo(403);
        assertThat(stack.get("/admin/telemetry", null).status()).isEqualTo(401);
        assertThat(stack.get("/admin/telemetry?user_id=abc", admin).status()).isEqualTo(400);
        assertThat(stack.get("/admin/telemetry?since=yesterday", admin).status())
                .isEqualTo(400);
        assertThat(stack.get("/admin/telemetry?limit=100000", admin).status()).isEqualTo(400);
    }

    @Test
    void prometheusExposesStepModelAndTemporalMetricsAfterAQuestion() {
        stack.model.failWith(500, "server_error", null, 1);
        assertThat(stack.ask("/ask", token, "Count me").status()).isEqualTo(200);

        AskflowStack.Response scrape = stack.getFromWorker("/actuator/prometheus");
        assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
        String worker = scrape.body();
        assertThat(worker)
                .contains(
                        "askflow_step_attempts_seconds_count{application=\"askflow-worker\",outcome=\"completed\",step=\"GenerateAnswer\"}")
                .contains(
                        "askflow_step_attempts_seconds_count{application=\"askflow-worker\",outcome=\"retrying\",step=\"GenerateAnswer\"}")
                .contains(
                        "askflow_model_latency_seconds_count{application=\"askflow-worker\",model=\"gpt-4o-mini-2024-07-18\"}")
                .contains(
                        "askflow_model_tokens_total{application=\"askflow-worker\",kind=\"cached_prompt\",model=\"gpt-4o-mini-2024-07-18\"}")
                .contains("askflow_quota_rejections_total")
                .contains("temporal_activity_execution_latency_seconds");
        String gateway = stack.getFromGatewayManagement("/actuator/prometheus").body();
        assertThat(gateway).contains("http_server_requests_seconds_bucket").contains("uri=\"/ask\"");
    }

    private Jdbi jdbi() {
        return Jdbi.create(stack.databaseUrl);
    }

    private Map<String, Object> awaitTelemetryEvent(String questionId) throws InterruptedException {
        // The event is written after the reply, by design; wait for it.
        for (int i = 0; i < 100; i++) {
            List<Map<String, Object>> rows = jdbi().withHandle(
                            h -> h.createQuery("SELECT * FROM telemetry_events WHERE question_id = :id")
                                    .bind("id", questionId)
                                    .mapToMap()
                                    .list());
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no telemetry event for " + questionId);
    }
}
