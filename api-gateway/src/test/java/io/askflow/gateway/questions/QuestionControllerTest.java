package io.askflow.gateway.questions;

import static io.askflow.gateway.ProblemDocuments.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.askflow.gateway.GatewayWebTest;
import io.askflow.gateway.security.CurrentUser;
import io.askflow.gateway.security.TokenService;
import io.askflow.gateway.web.ApiException;
import io.askflow.workflows.AskRequest;
import io.askflow.workflows.QuestionStatus;
import io.askflow.workflows.StepStatus;
import io.askflow.workflows.activity.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Every question endpoint over HTTP, with {@link QuestionService} mocked: status codes, headers and JSON, and
 * the validation that happens before the service is reached.
 */
@GatewayWebTest
class QuestionControllerTest {

    static final String ID = "ab79c6f3-625e-44d7-a343-9a144f6866a5";
    static final String LOCATION = "/questions/" + ID;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TokenService tokens;

    @Autowired
    QuestionService questions;

    // A user of its own per test: the flood guard counts submissions per user.
    final long userId = ThreadLocalRandom.current().nextLong(1, 1_000_000_000);

    @Test
    void askAnsweredInTimeIs200WithTheQuestion() {
        when(questions.ask(any())).thenReturn(settled(question("completed", null)));

        MvcTestResult result = ask("{\"question\": \"What is Temporal?\"}");

        assertThat(result)
                .hasStatusOk()
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {
                          "id": "%s",
                          "status": "completed",
                          "question": "What is Temporal?",
                          "answer": "A durable execution platform.",
                          "model": "gpt-4o-mini-2024-07-18",
                          "cached": false,
                          "usage": {"prompt_tokens": 12, "completion_tokens": 8, "cached_tokens": 4, "total_tokens": 20},
                          "cost_usd": 0.0000063,
                          "error": null,
                          "steps": [
                            {"name": "CheckQuota", "status": "completed", "attempts": 1, "last_failure": null},
                            {"name": "GenerateAnswer", "status": "completed", "attempts": 3,
                             "last_failure": "model provider answered 500: oops"}
                          ],
                          "workflow": {"id": "ask-%s", "ui_url": "http://127.0.0.1:8233/namespaces/default/workflows/ask-%s"},
                          "created_at": "2026-11-23T18:13:48.682Z",
                          "completed_at": "2026-11-23T18:13:50.182Z"
                        }
                        """.formatted(ID, ID, ID));
    }

    @Test
    void askNotSettledWithinTheWaitIs202WithLocation() {
        when(questions.ask(any())).thenReturn(notSettled(question("running", null)));

        assertThat(ask("{\"question\": \"What is Temporal?\"}"))
                .hasStatus(HttpStatus.ACCEPTED)
                .hasHeader(HttpHeaders.LOCATION, LOCATION)
                .bodyJson()
                .extractingPath("$.status")
                .isEqualTo("running");
    }

    @Test
    void askSettledButStillQueuedIs202WithLocation() {
        when(questions.ask(any())).thenReturn(settled(question("queued", null)));

        assertThat(ask("{\"question\": \"What is Temporal?\"}"))
                .hasStatus(HttpStatus.ACCEPTED)
                .hasHeader(HttpHeaders.LOCATION, LOCATION);
    }

    @Test
    void askRejectedForTheUsersLimitIs429WithRetryAfter() {
        when(questions.ask(any()))
                .thenReturn(rejected(
                        question("rejected", new QuestionResource.ErrorView("quota_exceeded", "Over 20 a minute.")),
                        42));

        MvcTestResult result = ask("{\"question\": \"What is Temporal?\"}");

        assertProblem(result, HttpStatus.TOO_MANY_REQUESTS, "over-limit");
        assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "42").bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.detail").isEqualTo("Over 20 a minute.");
            assertThat(json).extractingPath("$.question_id").isEqualTo(ID);
        });
    }

    @Test
    void askWhoseModelFailedIs502WithTheError() {
        when(questions.ask(any()))
                .thenReturn(settled(question(
                        "failed", new QuestionResource.ErrorView("model_unavailable", "model provider answered 503"))));

        MvcTestResult result = ask("{\"question\": \"What is Temporal?\"}");

        assertProblem(result, HttpStatus.BAD_GATEWAY, "model-failed");
        assertThat(result).bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.question_id").isEqualTo(ID);
            assertThat(json).extractingPath("$.error.code").isEqualTo("model_unavailable");
            assertThat(json).extractingPath("$.detail").isEqualTo("model provider answered 503");
        });
    }

    @Test
    void askThatFailedBecauseTemporalWasUnavailableIs503() {
        when(questions.ask(any()))
                .thenReturn(settled(question(
                        "failed",
                        new QuestionResource.ErrorView("unavailable", "The workflow service was unavailable."))));

        assertProblem(ask("{\"question\": \"What is Temporal?\"}"), HttpStatus.SERVICE_UNAVAILABLE, "unavailable");
    }

    @Test
    void askWhenTheServiceCannotStartTheQuestionIs503() {
        when(questions.ask(any()))
                .thenThrow(new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "unavailable",
                        "Service unavailable",
                        "The question could not be started; try again shortly.",
                        Map.of("question_id", ID),
                        HttpHeaders.EMPTY));

        MvcTestResult result = ask("{\"question\": \"What is Temporal?\"}");

        assertProblem(result, HttpStatus.SERVICE_UNAVAILABLE, "unavailable");
        assertThat(result).bodyJson().extractingPath("$.question_id").isEqualTo(ID);
    }

    @Test
    void anUnexpectedFailureIs500WithoutInternals() {
        when(questions.ask(any())).thenThrow(new IllegalStateException("connection string with a password"));

        MvcTestResult result = ask("{\"question\": \"What is Temporal?\"}");

        assertProblem(result, HttpStatus.INTERNAL_SERVER_ERROR, "internal");
        assertThat(result).bodyText().doesNotContain("password").doesNotContain("IllegalStateException");
    }

    @Test
    void submitIs202WithLocationAndTheQueuedQuestion() {
        when(questions.submit(any())).thenReturn(question("queued", null));

        MvcTestResult result = post("/questions", "{\"question\": \"Why retry each step separately?\"}", "walk-1");

        assertThat(result)
                .hasStatus(HttpStatus.ACCEPTED)
                .hasHeader(HttpHeaders.LOCATION, LOCATION)
                .bodyJson()
                .satisfies(json -> {
                    assertThat(json).extractingPath("$.id").isEqualTo(ID);
                    assertThat(json).extractingPath("$.status").isEqualTo("queued");
                });
    }

    @Test
    void submitWithAReusedIdempotencyKeyForAnotherQuestionIs422() {
        when(questions.submit(any()))
                .thenThrow(new ApiException(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "idempotency-key-reused",
                        "Idempotency key reused",
                        "This Idempotency-Key was already used for a different question.",
                        Map.of("question_id", ID),
                        HttpHeaders.EMPTY));

        MvcTestResult result = post("/questions", "{\"question\": \"Something else\"}", "walk-1");

        assertProblem(result, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused");
        assertThat(result).bodyJson().extractingPath("$.question_id").isEqualTo(ID);
    }

    @Test
    void theSubmissionCarriesTheTrimmedQuestionTheKeyTheRequestIdAndTheCacheChoice() {
        when(questions.submit(any())).thenReturn(question("queued", null));

        MvcTestResult result = mvc.post()
                .uri("/questions")
                .header(HttpHeaders.AUTHORIZATION, bearer())
                .header("Idempotency-Key", "walk-1")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Request-Id", "trace-me-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"question\": \"  Why retry?\\n \"}")
                .exchange();

        assertThat(result).hasStatus(HttpStatus.ACCEPTED);
        ArgumentCaptor<Submission> submission = ArgumentCaptor.forClass(Submission.class);
        verify(questions).submit(submission.capture());
        Submission submitted = submission.getValue();
        assertThat(submitted.user()).isEqualTo(new CurrentUser(userId, "octocat"));
        assertThat(submitted.idempotencyKey()).isEqualTo("walk-1");
        AskRequest workflowInput = submitted.request();
        assertThat(workflowInput.questionId()).matches("[0-9a-f-]{36}");
        assertThat(workflowInput.userId()).isEqualTo(userId);
        assertThat(workflowInput.question()).isEqualTo("Why retry?");
        assertThat(workflowInput.requestId()).isEqualTo("trace-me-1");
        assertThat(workflowInput.endpoint()).isEqualTo("/questions");
        assertThat(workflowInput.skipCache()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ask", "/questions"})
    void anEmptyQuestionIs400AndNeverReachesTheService(String path) {
        for (String body :
                new String[] {"{}", "{\"question\": null}", "{\"question\": \"\"}", "{\"question\": \" \\n\\t \"}"}) {
            MvcTestResult result = post(path, body, null);

            assertProblem(result, HttpStatus.BAD_REQUEST, "bad-request");
            assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("question must not be empty");
        }
        verifyNoInteractions(questions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ask", "/questions"})
    void aQuestionOverTheLengthLimitIs400(String path) {
        MvcTestResult result = post(path, "{\"question\": \"" + "q".repeat(4001) + "\"}", null);

        assertProblem(result, HttpStatus.BAD_REQUEST, "bad-request");
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("question is longer than 4000 characters");
        verifyNoInteractions(questions);
    }

    @Test
    void theLengthLimitCountsTheQuestionAsSentInCodePoints() {
        when(questions.submit(any())).thenReturn(question("queued", null));

        // the limit the API description states: a client can check it before sending
        assertProblem(
                post("/questions", "{\"question\": \"  " + "q".repeat(4000) + "  \"}", null),
                HttpStatus.BAD_REQUEST,
                "bad-request");
        assertThat(post("/questions", "{\"question\": \"" + "😀".repeat(4000) + "\"}", null))
                .hasStatus(HttpStatus.ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"two words", "tab\there", "ключ"})
    void aBadIdempotencyKeyIs400(String key) {
        assertProblem(
                post("/questions", "{\"question\": \"What is Temporal?\"}", key),
                HttpStatus.BAD_REQUEST,
                "bad-request");
        verifyNoInteractions(questions);
    }

    @Test
    void anIdempotencyKeyOver255CharactersIs400ButOf255IsAccepted() {
        assertProblem(
                post("/questions", "{\"question\": \"What is Temporal?\"}", "k".repeat(256)),
                HttpStatus.BAD_REQUEST,
                "bad-request");
        verifyNoInteractions(questions);

        when(questions.submit(any())).thenReturn(question("queued", null));
        assertThat(post("/questions", "{\"question\": \"What is Temporal?\"}", "k".repeat(255)))
                .hasStatus(HttpStatus.ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ask", "/questions"})
    void malformedJsonIs400(String path) {
        assertProblem(post(path, "{\"question\": ", null), HttpStatus.BAD_REQUEST, "malformed-body");
        assertProblem(post(path, "", null), HttpStatus.BAD_REQUEST, "malformed-body");
        verifyNoInteractions(questions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ask", "/questions"})
    void aBodyThatIsNotJsonIs415(String path) {
        MvcTestResult result = mvc.post()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer())
                .contentType(MediaType.TEXT_PLAIN)
                .content("What is Temporal?")
                .exchange();

        assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "http-415");
        verifyNoInteractions(questions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ask", "/questions"})
    void aBodyOverTheLimitIs413(String path) {
        // 16 KiB is the limit; the question itself would also be too long, but the size check comes first
        String body = "{\"question\": \"" + "q".repeat(16 * 1024) + "\"}";

        MvcTestResult result = mvc.post()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body.getBytes(StandardCharsets.UTF_8))
                .exchange();

        assertProblem(result, HttpStatus.CONTENT_TOO_LARGE, "body-too-large");
        verifyNoInteractions(questions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ask", "/questions", "/history", LOCATION})
    void withoutATokenIs401(String path) {
        MockMvcTester.MockMvcRequestBuilder request = path.startsWith("/questions/") || path.equals("/history")
                ? mvc.get().uri(path)
                : mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content("{\"question\": \"Hi?\"}");

        assertProblem(request.exchange(), HttpStatus.UNAUTHORIZED, "unauthorized");
        verifyNoInteractions(questions);
    }

    @Test
    void aFloodOfSubmissionsFromOneUserIs429WithRetryAfter() {
        when(questions.submit(any())).thenReturn(question("queued", null));
        // Five a second per user (askflow-gateway.yml): the first five of a burst pass, and a burst of twenty
        // meets the limit unless the machine stalls for seconds.
        int accepted = 0;
        MvcTestResult refused = null;
        while (refused == null && accepted < 20) {
            MvcTestResult result = post("/questions", "{\"question\": \"Again?\"}", null);
            if (result.getResponse().getStatus() == HttpStatus.ACCEPTED.value()) {
                accepted++;
            } else {
                refused = result;
            }
        }

        assertThat(accepted).isGreaterThanOrEqualTo(5);
        assertThat(refused).isNotNull();
        assertProblem(refused, HttpStatus.TOO_MANY_REQUESTS, "too-many-requests");
        assertThat(refused).hasHeader(HttpHeaders.RETRY_AFTER, "1");
    }

    @Test
    void aQuestionIsReadBackWithItsSteps() {
        when(questions.find(any(), eq(ID))).thenReturn(Optional.of(question("completed", null)));

        assertThat(get(LOCATION)).hasStatusOk().bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.id").isEqualTo(ID);
            assertThat(json).extractingPath("$.steps[1].attempts").isEqualTo(3);
        });
        ArgumentCaptor<CurrentUser> user = ArgumentCaptor.forClass(CurrentUser.class);
        verify(questions).find(user.capture(), eq(ID));
        assertThat(user.getValue().id()).isEqualTo(userId);
    }

    @Test
    void aMissingOrSomeoneElsesQuestionIs404() {
        when(questions.find(any(), eq(ID))).thenReturn(Optional.empty());

        assertProblem(get(LOCATION), HttpStatus.NOT_FOUND, "not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "AB79C6F3-625E-44D7-A343-9A144F6866A5", "ab79c6f3625e44d7a3439a144f6866a5"})
    void aMalformedQuestionIdIs404WithoutALookup(String id) {
        assertProblem(get("/questions/" + id), HttpStatus.NOT_FOUND, "not-found");
        verifyNoInteractions(questions);
    }

    @Test
    void historyHasItemsAndTheNextCursor() {
        String next = new HistoryCursor(1_764_000_000_000L, ID).encode();
        when(questions.history(any(), any(), anyInt()))
                .thenReturn(new HistoryPage(List.of(question("completed", null, null)), next));

        assertThat(get("/history")).hasStatusOk().bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.items[0].id").isEqualTo(ID);
            assertThat(json).extractingPath("$.next_cursor").isEqualTo(next);
        });
        // the default page size, from the first page
        verify(questions).history(any(), eq(null), eq(20));
    }

    @Test
    void theLastPageOfHistoryHasANullNextCursor() {
        when(questions.history(any(), any(), anyInt())).thenReturn(new HistoryPage(List.of(), null));

        assertThat(get("/history?limit=100"))
                .hasStatusOk()
                .bodyJson()
                .isStrictlyEqualTo("{\"items\": [], \"next_cursor\": null}");
        verify(questions).history(any(), eq(null), eq(100));
    }

    @Test
    void aNextCursorPassedBackContinuesFromThatPosition() {
        HistoryCursor position = new HistoryCursor(1_764_000_000_000L, ID);
        when(questions.history(any(), any(), anyInt())).thenReturn(new HistoryPage(List.of(), null));

        assertThat(get("/history?limit=1&cursor=" + position.encode())).hasStatusOk();

        verify(questions).history(any(), eq(position), eq(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=-1", "limit=ten", "limit=", "limit=1.5"})
    void aLimitOutside1To100Is400(String query) {
        MvcTestResult result = get("/history?" + query);

        assertProblem(result, HttpStatus.BAD_REQUEST, "bad-request");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("limit must be a whole number from 1 to 100");
        verifyNoInteractions(questions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cursor=garbage!", "cursor=", "cursor=bm8tY29sb24"})
    void aBadCursorIs400(String query) {
        MvcTestResult result = get("/history?" + query);

        assertProblem(result, HttpStatus.BAD_REQUEST, "bad-request");
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("cursor is not valid");
        verifyNoInteractions(questions);
    }

    private MvcTestResult ask(String body) {
        return post("/ask", body, null);
    }

    private MvcTestResult post(String path, String body, String idempotencyKey) {
        MockMvcTester.MockMvcRequestBuilder request = mvc.post()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.exchange();
    }

    private MvcTestResult get(String uri) {
        return mvc.get().uri(uri).header(HttpHeaders.AUTHORIZATION, bearer()).exchange();
    }

    private String bearer() {
        return "Bearer " + tokens.issue(userId, "octocat").value();
    }

    // The service's answers to POST /ask. These helpers and question(...) below are the only code here that
    // knows the shapes of QuestionService's results; the tests themselves speak HTTP.

    /** The outcome was reached within the wait. */
    private static QuestionService.Outcome settled(QuestionResource question) {
        return new QuestionService.Outcome(question, question.status(), 0);
    }

    /** The wait ran out first; the question goes on in the background. */
    private static QuestionService.Outcome notSettled(QuestionResource question) {
        return new QuestionService.Outcome(question, QuestionStatus.RUNNING, 0);
    }

    /** Rejected for the user's limit; they may ask again in {@code retryAfterSeconds}. */
    private static QuestionService.Outcome rejected(QuestionResource question, long retryAfterSeconds) {
        return new QuestionService.Outcome(question, QuestionStatus.REJECTED, retryAfterSeconds);
    }

    private static QuestionResource question(String status, QuestionResource.ErrorView error) {
        return question(
                status,
                error,
                List.of(
                        new QuestionResource.StepView(
                                "CheckQuota",
                                StepStatus.COMPLETED,
                                1,
                                Instant.parse("2026-11-23T18:13:48.700Z"),
                                Instant.parse("2026-11-23T18:13:48.720Z"),
                                null),
                        new QuestionResource.StepView(
                                "GenerateAnswer",
                                StepStatus.COMPLETED,
                                3,
                                Instant.parse("2026-11-23T18:13:48.730Z"),
                                Instant.parse("2026-11-23T18:13:50.100Z"),
                                "model provider answered 500: oops")));
    }

    private static QuestionResource question(
            String status, QuestionResource.ErrorView error, List<QuestionResource.StepView> steps) {
        boolean completed = "completed".equals(status);
        return new QuestionResource(
                ID,
                "0b6f2a4e-5c1d-4f7e-9a0b-3c2d1e0f9a8b",
                QuestionStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                "What is Temporal?",
                completed ? "A durable execution platform." : null,
                completed ? "gpt-4o-mini-2024-07-18" : null,
                false,
                completed ? new Usage(12, 8, 4, 20) : null,
                completed ? 0.0000063 : null,
                error,
                steps,
                new QuestionResource.WorkflowView(
                        "ask-" + ID, "http://127.0.0.1:8233/namespaces/default/workflows/ask-" + ID),
                Instant.parse("2026-11-23T18:13:48.682Z"),
                completed ? Instant.parse("2026-11-23T18:13:50.182Z") : null);
    }
}
