package io.askflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.askflow.activities.model.ModelActivitiesImpl;
import io.askflow.activities.model.ModelPrice;
import io.askflow.activities.model.OpenAiChatModel;
import io.askflow.activities.model.PriceTable;
import io.askflow.testing.OpenAiStandIn;
import io.askflow.workflows.FailureType;
import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.GenerationRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real openai-java client against a local OpenAI-compatible stand-in. */
class OpenAiChatModelTest {

    static OpenAiStandIn standIn;
    ModelActivitiesImpl activities;
    SimpleMeterRegistry meters;

    @BeforeAll
    static void start() throws Exception {
        standIn = new OpenAiStandIn();
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @BeforeEach
    void setUp() {
        standIn.reset();
        meters = new SimpleMeterRegistry();
        OpenAiChatModel model = new OpenAiChatModel(
                standIn.baseUrl(), "test-key", "gpt-4o-mini", Duration.ofSeconds(1), 1000, Duration.ofSeconds(30));
        activities = new ModelActivitiesImpl(
                model,
                new PriceTable(Map.of("gpt-4o-mini", new ModelPrice(0.15, 0.075, 0.60))),
                meters,
                null,
                Clock.systemUTC(),
                null);
    }

    @Test
    void answersWithUsageCachedTokensAndCost() {
        Generation generation = activities.generateAnswer(new GenerationRequest("q", "What is 6 x 7?", false, null));

        assertThat(generation.answer()).isEqualTo("Answer number 1 from the stand-in.");
        assertThat(generation.model()).isEqualTo(OpenAiStandIn.MODEL);
        assertThat(generation.usage().promptTokens()).isEqualTo(12);
        assertThat(generation.usage().cachedTokens()).isEqualTo(4);
        assertThat(generation.usage().completionTokens()).isEqualTo(8);
        assertThat(generation.usage().totalTokens()).isEqualTo(20);
        // 8 uncached prompt tokens at 0.15, 4 cached at 0.075, 8 completion at 0.60, per million
        assertThat(generation.costUsd()).isCloseTo((8 * 0.15 + 4 * 0.075 + 8 * 0.60) / 1e6, offset(1e-12));
        assertThat(standIn.requestBodies())
                .singleElement()
                .asString()
                .contains("\"model\":\"gpt-4o-mini\"")
                .contains("What is 6 x 7?")
                // the answer is capped at the completion tokens reserved for it
                .contains("\"max_completion_tokens\":1000");
    }

    @ParameterizedTest
    @CsvSource({
        "429, rate_limit_exceeded, rate_limit_exceeded, MODEL_RATE_LIMITED, false",
        "429, insufficient_quota, insufficient_quota, MODEL_QUOTA_EXHAUSTED, true",
        "500, server_error, , MODEL_UNAVAILABLE, false",
        "503, server_error, , MODEL_UNAVAILABLE, false",
        "400, invalid_request_error, , MODEL_REQUEST_REJECTED, true",
        "401, invalid_request_error, invalid_api_key, MODEL_REQUEST_REJECTED, true",
        "403, invalid_request_error, , MODEL_REQUEST_REJECTED, true",
        "404, invalid_request_error, model_not_found, MODEL_REQUEST_REJECTED, true",
    })
    void classifiesProviderErrorsWithoutClientRetries(
            int status, String type, String code, FailureType expected, boolean permanent) {
        standIn.failWith(status, type, code, 1);

        assertThatThrownBy(() -> activities.generateAnswer(new GenerationRequest("q", "hello", false, null)))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(expected.name());
                    assertThat(failure.isNonRetryable()).isEqualTo(permanent);
                });
        // the client's own retries are off: Temporal decides about retrying
        assertThat(standIn.calls()).isEqualTo(1);
    }

    @Test
    void timeoutIsRetryable() {
        standIn.delayNext(Duration.ofSeconds(3));

        assertThatThrownBy(() -> activities.generateAnswer(new GenerationRequest("q", "slow", false, null)))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(FailureType.MODEL_UNAVAILABLE.name());
                    assertThat(failure.isNonRetryable()).isFalse();
                });
        assertThat(standIn.calls()).isEqualTo(1);
    }

    @Test
    void aProvidersRetryAfterSetsTheNextAttemptsDelayUpToTheCap() {
        standIn.rateLimitNext(2);
        standIn.rateLimitNext(3600);

        assertThatThrownBy(() -> activities.generateAnswer(new GenerationRequest("q", "hello", false, null)))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(FailureType.MODEL_RATE_LIMITED.name());
                    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(2));
                });
        // an hour is more than the configured cap (30 s here)
        assertThatThrownBy(() -> activities.generateAnswer(new GenerationRequest("q", "hello", false, null)))
                .isInstanceOfSatisfying(
                        ApplicationFailure.class,
                        failure -> assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(30)));
        // without the header, the step's own backoff applies
        standIn.failWith(429, "requests", "rate_limit_exceeded", 1);
        assertThatThrownBy(() -> activities.generateAnswer(new GenerationRequest("q", "hello", false, null)))
                .isInstanceOfSatisfying(
                        ApplicationFailure.class,
                        failure -> assertThat(failure.getNextRetryDelay()).isNull());
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");

        assertThat(OpenAiChatModel.retryAfter(List.of("7"), now)).contains(Duration.ofSeconds(7));
        assertThat(OpenAiChatModel.retryAfter(List.of("Tue, 24 Nov 2026 12:00:20 GMT"), now))
                .contains(Duration.ofSeconds(20));
        assertThat(OpenAiChatModel.retryAfter(List.of("Tue, 24 Nov 2026 11:00:00 GMT"), now))
                .contains(Duration.ZERO);
        assertThat(OpenAiChatModel.retryAfter(List.of("soon"), now)).isEmpty();
        assertThat(OpenAiChatModel.retryAfter(List.of("-3"), now)).isEmpty();
        assertThat(OpenAiChatModel.retryAfter(List.of(), now)).isEmpty();
    }

    @Test
    void aStreamThatEndsWithoutAFinishReasonIsARetryableFailureNotAShortAnswer() {
        standIn.cutNextStreamAfter(2);

        assertThatThrownBy(() -> activities.generateAnswer(new GenerationRequest("q", "hello", false, null)))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(FailureType.MODEL_UNAVAILABLE.name());
                    assertThat(failure.isNonRetryable()).isFalse();
                    assertThat(failure.getOriginalMessage()).contains("ended before the answer was complete");
                });
    }
}
