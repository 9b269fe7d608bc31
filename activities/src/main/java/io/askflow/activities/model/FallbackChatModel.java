package io.askflow.activities.model;

import io.askflow.workflows.FailureType;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered list of models, each behind a resilience4j circuit breaker. A model whose provider keeps
 * failing (5xx, throttling, timeouts) opens its breaker and is skipped, so GenerateAnswer moves on to the
 * next one at once instead of spending its retries on a provider that is down; the breaker lets a few
 * calls through again after a while and closes when they succeed. A permanent error (a rejected request)
 * is not a provider outage and is passed on as it is.
 */
public final class FallbackChatModel implements ChatModel {

    private static final Logger log = LoggerFactory.getLogger(FallbackChatModel.class);

    private record Member(ChatModel model, CircuitBreaker breaker) {}

    /**
     * @param failureRateThreshold percentage of failed calls that opens a breaker
     * @param slidingWindowSize how many recent calls the rate is computed over
     * @param openFor how long an open breaker skips its model before letting calls through again
     */
    public record BreakerSettings(float failureRateThreshold, int slidingWindowSize, Duration openFor) {}

    private final List<Member> members = new ArrayList<>();

    public FallbackChatModel(List<ChatModel> models, BreakerSettings settings) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("at least one model is needed");
        }
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.slidingWindowSize())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
        for (ChatModel model : models) {
            members.add(new Member(model, CircuitBreaker.of("model-" + model.modelName(), config)));
        }
    }

    @Override
    public ChatReply complete(ChatPrompt prompt, AnswerSink sink) {
        ApplicationFailure last = null;
        Tracking tracking = new Tracking(sink);
        for (Member member : members) {
            if (!member.breaker().tryAcquirePermission()) {
                continue;
            }
            long start = System.nanoTime();
            try {
                if (tracking.wrote) {
                    // the model before wrote part of an answer and failed: readers drop it
                    sink.restart(
                            "model " + last.getType() + "; " + member.model().modelName() + " takes over");
                    tracking.wrote = false;
                }
                ChatReply reply = member.model().complete(prompt, tracking);
                member.breaker().onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return reply;
            } catch (ApplicationFailure e) {
                if (FailureType.STREAM_CLOSED.name().equals(e.getType())) {
                    // the question was cancelled or the attempt superseded: says nothing about the model
                    member.breaker().releasePermission();
                    throw e;
                }
                if (!isOutage(e)) {
                    member.breaker().onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    throw e;
                }
                member.breaker().onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                log.warn(
                        "model {} failed ({}); trying the next one",
                        member.model().modelName(),
                        e.getType());
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        throw ApplicationFailure.newFailure(
                "every model's circuit breaker is open", FailureType.MODEL_UNAVAILABLE.name());
    }

    /** Notes whether a model wrote part of its answer before it failed. */
    private static final class Tracking implements AnswerSink {

        private final AnswerSink sink;
        private boolean wrote;

        Tracking(AnswerSink sink) {
            this.sink = sink;
        }

        @Override
        public void delta(String text) {
            wrote = true;
            sink.delta(text);
        }

        @Override
        public void restart(String reason) {
            sink.restart(reason);
        }
    }

    private static boolean isOutage(ApplicationFailure e) {
        return FailureType.MODEL_UNAVAILABLE.name().equals(e.getType())
                || FailureType.MODEL_RATE_LIMITED.name().equals(e.getType());
    }

    /** The primary model's name: the answer cache is keyed on what was asked for. */
    @Override
    public String modelName() {
        return members.get(0).model().modelName();
    }

    @Override
    public String describe() {
        return members.stream().map(m -> m.model().describe()).collect(Collectors.joining(", then "));
    }
}
