package io.askflow.activities.model;

import io.askflow.activities.cache.AnswerCache;
import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.GenerationRequest;
import io.askflow.workflows.activity.ModelActivities;
import io.askflow.workflows.activity.Usage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class ModelActivitiesImpl implements ModelActivities {

    private static final Logger log = LoggerFactory.getLogger(ModelActivitiesImpl.class);

    private final ChatModel chatModel;
    private final PriceTable prices;
    private final MeterRegistry meters;
    private final AnswerCache cache; // null when the answer cache is off
    private final Clock clock;

    public ModelActivitiesImpl(
            ChatModel chatModel, PriceTable prices, MeterRegistry meters, AnswerCache cache, Clock clock) {
        this.chatModel = chatModel;
        this.prices = prices;
        this.meters = meters;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public Generation generateAnswer(GenerationRequest request) {
        boolean useCache = cache != null && !request.skipCache();
        if (useCache) {
            Optional<AnswerCache.Hit> hit = cache.find(chatModel.modelName(), request.question(), clock.millis());
            meters.counter("askflow.cache.lookups", "result", hit.isPresent() ? "hit" : "miss")
                    .increment();
            if (hit.isPresent()) {
                // No model call: no tokens, no cost for the asker.
                return new Generation(hit.get().answer(), hit.get().model(), Usage.NONE, 0.0, 0, true);
            }
        }
        long started = System.nanoTime();
        ChatReply reply = chatModel.complete(request.question());
        long latencyNanos = System.nanoTime() - started;
        long latencyMillis = latencyNanos / 1_000_000;
        record(reply, latencyNanos);
        Double cost = prices.cost(reply.model(), reply.usage()).orElse(null);
        if (cost == null) {
            log.warn(
                    "no price configured for model {}; question {} is recorded without a cost",
                    reply.model(),
                    request.questionId());
        }
        if (cost != null) {
            meters.counter("askflow.model.cost", "model", reply.model()).increment(cost);
        }
        if (useCache) {
            cache.put(chatModel.modelName(), request.question(), reply.answer(), reply.model(), clock.millis());
        }
        return new Generation(reply.answer(), reply.model(), reply.usage(), cost, latencyMillis, false);
    }

    private void record(ChatReply reply, long latencyNanos) {
        Timer.builder("askflow.model.latency")
                .description("Duration of successful model calls")
                .tag("model", reply.model())
                .publishPercentileHistogram()
                .register(meters)
                .record(latencyNanos, TimeUnit.NANOSECONDS);
        Usage usage = reply.usage();
        tokens(reply.model(), "prompt", usage.promptTokens());
        tokens(reply.model(), "cached_prompt", usage.cachedTokens());
        tokens(reply.model(), "completion", usage.completionTokens());
    }

    private void tokens(String model, String kind, long count) {
        meters.counter("askflow.model.tokens", "model", model, "kind", kind).increment(count);
    }
}
