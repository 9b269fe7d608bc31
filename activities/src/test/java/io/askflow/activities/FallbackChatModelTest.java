package io.askflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.askflow.activities.model.AnswerSink;
import io.askflow.activities.model.ChatPrompt;
import io.askflow.activities.model.ChatReply;
import io.askflow.activities.model.FallbackChatModel;
import io.askflow.activities.model.OpenAiChatModel;
import io.askflow.testing.OpenAiStandIn;
import io.askflow.workflows.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fallback between two real OpenAI-compatible stand-ins through the real client. */
class FallbackChatModelTest {

    OpenAiStandIn primary;
    OpenAiStandIn secondary;
    FallbackChatModel model;

    @BeforeEach
    void setUp() throws Exception {
        primary = new OpenAiStandIn("primary-model");
        secondary = new OpenAiStandIn("secondary-model");
        model = new FallbackChatModel(
                List.of(
                        new OpenAiChatModel(
                                primary.baseUrl(),
                                "k",
                                "primary-model",
                                Duration.ofSeconds(2),
                                1000,
                                Duration.ofSeconds(30)),
                        new OpenAiChatModel(
                                secondary.baseUrl(),
                                "k",
                                "secondary-model",
                                Duration.ofSeconds(2),
                                1000,
                                Duration.ofSeconds(30))),
                new FallbackChatModel.BreakerSettings(50, 2, Duration.ofMillis(500)));
    }

    @AfterEach
    void tearDown() {
        primary.close();
        secondary.close();
    }

    @Test
    void fallsBackWhileThePrimaryFailsThenRecoversWhenItHeals() throws Exception {
        primary.failWith(500, "server_error", null, 10);

        ChatReply first = model.complete(ChatPrompt.of("one"), AnswerSink.NONE);
        ChatReply second = model.complete(ChatPrompt.of("two"), AnswerSink.NONE);
        assertThat(first.model()).isEqualTo("secondary-model");
        assertThat(second.model()).isEqualTo("secondary-model");
        assertThat(primary.calls()).isEqualTo(2);

        // the primary's breaker is open now: it is not even tried
        assertThat(model.complete(ChatPrompt.of("three"), AnswerSink.NONE).model())
                .isEqualTo("secondary-model");
        assertThat(primary.calls()).isEqualTo(2);

        // healed, and the breaker lets a call through again after its open period
        primary.reset();
        Thread.sleep(600);
        assertThat(model.complete(ChatPrompt.of("four"), AnswerSink.NONE).model())
                .isEqualTo("primary-model");
        assertThat(model.complete(ChatPrompt.of("five"), AnswerSink.NONE).model())
                .isEqualTo("primary-model");
        assertThat(primary.calls()).isEqualTo(2);
    }

    @Test
    void aRejectedRequestIsNotAnOutageAndDoesNotFallBack() {
        primary.failWith(400, "invalid_request_error", null, 1);

        assertThatThrownBy(() -> model.complete(ChatPrompt.of("bad"), AnswerSink.NONE))
                .isInstanceOfSatisfying(
                        ApplicationFailure.class,
                        e -> assertThat(e.getType()).isEqualTo(FailureType.MODEL_REQUEST_REJECTED.name()));
        assertThat(secondary.calls()).isZero();
    }

    @Test
    void whenEveryModelIsDownTheStepFailsRetryably() {
        primary.failWith(503, "server_error", null, 1);
        secondary.failWith(503, "server_error", null, 1);

        assertThatThrownBy(() -> model.complete(ChatPrompt.of("nobody home"), AnswerSink.NONE))
                .isInstanceOfSatisfying(ApplicationFailure.class, e -> {
                    assertThat(e.getType()).isEqualTo(FailureType.MODEL_UNAVAILABLE.name());
                    assertThat(e.isNonRetryable()).isFalse();
                });
    }
}
