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
    public ChatReply complete(String question) {
        ApplicationFailure last = null;
        for (Member member : members) {
            if (!member.breaker().tryAcquirePermission()) {
                continue;
            }
            long start = System.nanoTime();
            try {
                ChatReply reply = member.model().complete(question);
                member.breaker().onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return reply;
            } catch (ApplicationFailure e) {
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
