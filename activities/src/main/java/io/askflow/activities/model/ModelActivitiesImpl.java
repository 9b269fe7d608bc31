package io.askflow.activities.model;

import io.askflow.activities.cache.AnswerCache;
import io.askflow.activities.persistence.StepProgressStore;
import io.askflow.activities.stream.AttemptHeartbeat;
import io.askflow.activities.stream.QuestionStream;
import io.askflow.activities.stream.StreamedAnswer;
import io.askflow.workflows.Steps;
import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.GenerationRequest;
import io.askflow.workflows.activity.ModelActivities;
import io.askflow.workflows.activity.Usage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.activity.Activity;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    private final Streaming streaming; // null: answers are not streamed (tests of the model call alone)

    /**
     * Where answers stream to, what a conversation's context is read from, and where the step's attempts are
     * recorded.
     *
     * @param stream the questions' event streams
     * @param history earlier exchanges of a conversation
     * @param every the least time between two appends of answer text after the first
     * @param progress the step's progress rows: an attempt is recorded running with the stream's claim and
     *     completed with its last text, in those same transactions
     */
    public record Streaming(
            QuestionStream stream, ConversationHistory history, Duration every, StepProgressStore progress) {}

    public ModelActivitiesImpl(
            ChatModel chatModel,
            PriceTable prices,
            MeterRegistry meters,
            AnswerCache cache,
            Clock clock,
            Streaming streaming) {
        this.chatModel = chatModel;
        this.prices = prices;
        this.meters = meters;
        this.cache = cache;
        this.clock = clock;
        this.streaming = streaming;
    }

    @Override
    public Generation generateAnswer(GenerationRequest request) {
        List<ChatPrompt.Turn> earlier = streaming == null
                ? List.of()
                : streaming.history().before(request.conversationId(), request.questionId());
        AttemptHeartbeat heartbeat = streaming == null ? null : AttemptHeartbeat.start(Activity.getExecutionContext());
        try {
            return generate(request, earlier, heartbeat);
        } finally {
            if (heartbeat != null) {
                heartbeat.close();
            }
        }
    }

    private Generation generate(GenerationRequest request, List<ChatPrompt.Turn> earlier, AttemptHeartbeat heartbeat) {
        StreamedAttempt attempt = heartbeat == null ? null : begin(request.questionId(), heartbeat);
        StreamedAnswer sink = attempt == null ? null : attempt.answer();
        // An answer in a conversation depends on what came before it: only a question on its own is cached.
        boolean useCache = cache != null && !request.skipCache() && earlier.isEmpty();
        if (useCache) {
            Optional<AnswerCache.Hit> hit = cache.find(chatModel.modelName(), request.question(), clock.millis());
            meters.counter("askflow.cache.lookups", "result", hit.isPresent() ? "hit" : "miss")
                    .increment();
            if (hit.isPresent()) {
                if (attempt != null) {
                    // the whole answer, and the attempt completed, in one transaction
                    finish(attempt, () -> sink.delta(hit.get().answer()));
                }
                // No model call: no tokens, no cost for the asker.
                return new Generation(hit.get().answer(), hit.get().model(), Usage.NONE, 0.0, 0, true);
            }
        }
        long started = System.nanoTime();
        ChatReply reply =
                chatModel.complete(new ChatPrompt(earlier, request.question()), sink == null ? AnswerSink.NONE : sink);
        long latencyNanos = System.nanoTime() - started;
        long latencyMillis = latencyNanos / 1_000_000;
        Runnable remember = useCache
                ? () -> cache.put(
                        chatModel.modelName(), request.question(), reply.answer(), reply.model(), clock.millis())
                : () -> {};
        if (attempt != null) {
            // the cache entry, the answer's last text and the attempt completed commit together
            finish(attempt, remember);
        } else {
            remember.run();
        }
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
        return new Generation(reply.answer(), reply.model(), reply.usage(), cost, latencyMillis, false);
    }

    /**
     * This attempt's stream of answer text, begun (a retry event first when an earlier attempt ran) and the
     * attempt recorded as running, in one transaction.
     */
    private StreamedAttempt begin(String questionId, AttemptHeartbeat heartbeat) {
        int attempt = Activity.getExecutionContext().getInfo().getAttempt();
        QuestionStream stream = streaming.stream();
        StreamedAnswer answer =
                new StreamedAnswer(stream, questionId, attempt, streaming.every(), heartbeat::check, System::nanoTime);
        String previousFailure = attempt > 1 ? stream.lastFailure(questionId, Steps.GENERATE_ANSWER) : null;
        long startedAt = clock.millis();
        streaming
                .progress()
                .attemptStarted(
                        questionId, Steps.GENERATE_ANSWER, attempt, startedAt, () -> answer.begin(previousFailure));
        return new StreamedAttempt(questionId, attempt, startedAt, answer);
    }

    /** One attempt of the step whose answer streams; {@link #finish} records it completed with its last text. */
    private record StreamedAttempt(String questionId, int number, long startedAt, StreamedAnswer answer) {}

    /**
     * Ends the attempt in one transaction: {@code lastWrites}, then whatever answer text is left, then the
     * attempt recorded as completed. Nothing of it commits when any of it fails.
     */
    private void finish(StreamedAttempt attempt, Runnable lastWrites) {
        streaming
                .progress()
                .inAttemptTransaction(
                        attempt.questionId(),
                        Steps.GENERATE_ANSWER,
                        attempt.number(),
                        attempt.startedAt(),
                        clock::millis,
                        () -> {
                            lastWrites.run();
                            attempt.answer().finish();
                            return null;
                        });
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
