package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.askflow.testing.OpenAiStandIn;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Answers as Server-Sent Events over real HTTP, from the worker's streaming call to the OpenAI stand-in, through
 * the database, to the client: order, offsets, resumption on another gateway, a provider stream cut off
 * half-way, cancellation and a provider's Retry-After.
 */
class StreamingTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    final AskflowStack stack = AskflowStack.shared();
    String token;

    @BeforeEach
    void setUp() {
        stack.model.reset();
        token = stack.login(AskflowStack.newUserId());
    }

    @Test
    void askWithEventStreamSendsDeltasBeforeTheAnswerIsCompleteThenTheExactUsage() throws Exception {
        stack.model.chunkDelay(Duration.ofMillis(300));

        try (SseEvents stream = open(post("/ask", "{\"question\":\"Stream it to me\"}"))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            List<SseEvents.Event> events = stream.until("done", WAIT);

            SseEvents.Event first = events.get(0);
            assertThat(first.name()).isEqualTo("question");
            assertThat(first.id()).isZero();
            assertThat(first.json().get("status").asText()).isEqualTo("queued");
            assertContiguous(events);
            List<SseEvents.Event> deltas = named(events, "delta");
            SseEvents.Event done = events.get(events.size() - 1);
            // the first words arrived while the model was still writing: well before the answer was complete
            assertThat(deltas).hasSizeGreaterThanOrEqualTo(3);
            assertThat(Duration.ofNanos(done.arrivedNanos() - deltas.get(0).arrivedNanos()))
                    .isGreaterThan(Duration.ofMillis(900));
            JsonNode question = done.json();
            assertThat(question.get("status").asText()).isEqualTo("completed");
            assertThat(text(deltas)).isEqualTo(question.get("answer").asText()).isEqualTo(OpenAiStandIn.answer(1));
            // usage and cost of the streamed answer are the provider's own figures, from its last chunk
            assertThat(question.at("/usage/prompt_tokens").asLong()).isEqualTo(OpenAiStandIn.PROMPT_TOKENS);
            assertThat(question.at("/usage/completion_tokens").asLong()).isEqualTo(OpenAiStandIn.COMPLETION_TOKENS);
            assertThat(question.at("/usage/cached_tokens").asLong()).isEqualTo(OpenAiStandIn.CACHED_TOKENS);
            assertThat(question.at("/usage/total_tokens").asLong()).isEqualTo(20);
            assertThat(question.get("cost_usd").asDouble())
                    .isCloseTo((8 * 0.15 + 4 * 0.075 + 8 * 0.60) / 1e6, offset(1e-12));
            assertThat(named(events, "step").stream()
                            .map(e -> e.json().get("name").asText()))
                    .contains("CheckQuota", "GenerateAnswer");
            assertThat(stream.ended(Duration.ofSeconds(5))).isTrue();
            // coming back after done: nothing more, ever (204 stops EventSource reconnecting)
            AskflowStack.Response after =
                    stack.send(stack.request("/questions/" + question.get("id").asText() + "/events", token)
                            .header("Last-Event-ID", Long.toString(done.id()))
                            .GET());
            assertThat(after.status()).isEqualTo(204);
            assertThat(stack.model.requestBodies().get(0)).contains("\"stream\":true", "\"include_usage\":true");
        }
    }

    @Test
    void aReaderResumingWithLastEventIdOnAnotherGatewayGetsEveryLaterEventOnce() throws Exception {
        stack.model.chunkDelay(Duration.ofMillis(250));
        ConfigurableApplicationContext second = stack.startGateway();
        try {
            String id = stack.ask("/questions", token, "Resume me elsewhere")
                    .json()
                    .get("id")
                    .asText();
            List<SseEvents.Event> before;
            try (SseEvents stream = open(get(stack.baseUri, "/questions/" + id + "/events", null))) {
                before = stream.until("delta", WAIT);
                before.add(stream.next(WAIT)); // one more, so the cut falls anywhere
            }
            long last = before.get(before.size() - 1).id();

            List<SseEvents.Event> after;
            try (SseEvents stream =
                    open(get(AskflowStack.uri(second), "/questions/" + id + "/events", Long.toString(last)))) {
                assertThat(stream.status()).isEqualTo(200);
                after = stream.until("done", WAIT);
            }

            List<SseEvents.Event> all = new ArrayList<>(before);
            all.addAll(after);
            assertThat(after.get(0).id()).isEqualTo(last + 1);
            assertContiguous(all);
            assertThat(text(named(all, "delta")))
                    .isEqualTo(all.get(all.size() - 1).json().get("answer").asText());
        } finally {
            second.close();
        }
    }

    @Test
    void aProviderStreamCutOffHalfWayGivesOneRetryEventThenTheWholeAnswer() throws Exception {
        stack.model.cutNextStreamAfter(3);

        try (SseEvents stream = open(post("/ask", "{\"question\":\"Drop the line\"}"))) {
            List<SseEvents.Event> events = stream.until("done", WAIT);

            assertContiguous(events);
            List<SseEvents.Event> retries = named(events, "retry");
            assertThat(retries).hasSize(1);
            assertThat(retries.get(0).json().get("attempt").asInt()).isEqualTo(2);
            assertThat(retries.get(0).json().get("reason").asText()).contains("ended before the answer was complete");
            int retryAt = events.indexOf(retries.get(0));
            // what the cut-off attempt wrote (some of it may not have left its last batch) is its answer's start
            String dropped = text(named(events.subList(0, retryAt), "delta"));
            assertThat(dropped).isNotEmpty();
            assertThat(OpenAiStandIn.answer(1)).startsWith(dropped);
            JsonNode question = events.get(events.size() - 1).json();
            assertThat(question.get("status").asText()).isEqualTo("completed");
            assertThat(text(named(events.subList(retryAt, events.size()), "delta")))
                    .isEqualTo(question.get("answer").asText())
                    .isEqualTo(OpenAiStandIn.answer(2));
        }
    }

    @Test
    void cancellingMidStreamEndsTheStreamReleasesTheReservationAndIsHarmlessTwice() throws Exception {
        stack.model.chunkDelay(Duration.ofMillis(500));
        String id =
                stack.ask("/questions", token, "Never mind").json().get("id").asText();

        try (SseEvents stream = open(get(stack.baseUri, "/questions/" + id + "/events", null))) {
            stream.until("delta", WAIT);
            AskflowStack.Response cancelled = stack.postJson("/questions/" + id + "/cancel", token, "");
            AskflowStack.Response again = stack.postJson("/questions/" + id + "/cancel", token, "");

            assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(202);
            assertThat(again.status()).as(again.toString()).isIn(202, 409);
            List<SseEvents.Event> rest = stream.until("done", WAIT);
            JsonNode question = rest.get(rest.size() - 1).json();
            assertThat(question.get("status").asText()).isEqualTo("cancelled");
            assertThat(question.at("/error/code").asText()).isEqualTo("cancelled");
        }
        assertThat(admissionState(id)).isEqualTo("released");
        AskflowStack.Response late = stack.postJson("/questions/" + id + "/cancel", token, "");
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        assertThat(late.json().get("type").asText()).endsWith("already-final");
        assertThat(stack.get("/questions/" + id, token).json().get("status").asText())
                .isEqualTo("cancelled");
    }

    @Test
    void aProviderRetryAfterSetsTheWaitBeforeTheNextAttempt() throws Exception {
        stack.model.rateLimitNext(2);

        long started = System.nanoTime();
        AskflowStack.Response response = stack.ask("/ask", token, "Patience");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().at("/steps/1/attempts").asInt()).isEqualTo(2);
        // the step's own backoff here is 100 ms; the provider asked for 2 s
        assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(5));
    }

    @Test
    void someoneElsesMissingOrMalformedStreamsAreRefusedWithProblems() throws Exception {
        String id =
                stack.ask("/questions", token, "Mine alone").json().get("id").asText();
        String stranger = stack.login(AskflowStack.newUserId());

        assertThat(stack.get("/questions/" + id + "/events", stranger).status()).isEqualTo(404);
        assertThat(stack.get("/questions/" + id + "/events", null).status()).isEqualTo(401);
        assertThat(stack.get("/questions/not-an-id/events", token).status()).isEqualTo(404);
        AskflowStack.Response badOffset = stack.send(stack.request("/questions/" + id + "/events", token)
                .header("Last-Event-ID", "minus one")
                .GET());
        assertThat(badOffset.status()).isEqualTo(400);
        assertThat(badOffset.header("Content-Type")).startsWith("application/problem+json");
        assertThat(stack.postJson("/questions/" + id + "/cancel", stranger, "").status())
                .isEqualTo(404);
        assertThat(stack.postJson("/questions/" + id + "/cancel", null, "").status())
                .isEqualTo(401);
        assertThat(stack.postJson("/questions/" + UUID.randomUUID() + "/cancel", token, "")
                        .status())
                .isEqualTo(404);
        // a streamed ask is checked like any other before anything is recorded
        AskflowStack.Response malformed =
                stack.postJson("/ask", token, "{\"question\":", "Accept", "text/event-stream");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
        String huge = "{\"question\":\"" + "x".repeat(20_000) + "\"}";
        assertThat(stack.postJson("/ask", token, huge, "Accept", "text/event-stream")
                        .status())
                .isEqualTo(413);
        assertThat(stack.postJson("/ask", null, "{\"question\":\"hi\"}", "Accept", "text/event-stream")
                        .status())
                .isEqualTo(401);
        stack.awaitFinal(id, token, WAIT);
    }

    private SseEvents open(HttpRequest request) {
        return SseEvents.open(stack.http, request);
    }

    private HttpRequest post(String path, String body) {
        return stack.request(path, token)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpRequest get(URI base, String path, String lastEventId) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        return builder.GET().build();
    }

    /** Offsets 0, 1, 2... with no gap and no repeat. */
    static void assertContiguous(List<SseEvents.Event> events) {
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).id())
                    .as("offset of event %d: %s", i, events)
                    .isEqualTo(i);
        }
    }

    static List<SseEvents.Event> named(List<SseEvents.Event> events, String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    static String text(List<SseEvents.Event> deltas) {
        return deltas.stream().map(e -> e.json().get("text").asText()).collect(Collectors.joining());
    }

    private String admissionState(String questionId) {
        return Jdbi.create(stack.databaseUrl)
                .withHandle(h -> h.createQuery("SELECT state FROM quota_admissions WHERE question_id = :id")
                        .bind("id", questionId)
                        .mapTo(String.class)
                        .one());
    }
}
