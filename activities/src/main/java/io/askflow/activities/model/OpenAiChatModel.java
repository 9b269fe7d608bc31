package io.askflow.activities.model;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import io.askflow.workflows.FailureType;
import io.askflow.workflows.activity.Usage;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model behind any OpenAI-compatible chat-completions API, called with the official {@code openai-java}
 * client, streaming. The client's own retries are off: Temporal owns retrying, per the GenerateAnswer step's
 * policy, and every provider error is classified here as retryable or permanent.
 *
 * <p>The answer is streamed with {@code stream_options.include_usage}, so the provider's last chunk carries
 * the exact usage of the streamed answer, and the cost is computed from it as for a plain call. A stream that
 * ends without a finish reason (the connection dropped half-way, even behind a 200) is a failed attempt, not
 * a short answer.
 */
public final class OpenAiChatModel implements ChatModel {

    private static final Logger log = LoggerFactory.getLogger(OpenAiChatModel.class);

    private final OpenAIClient client;
    private final String model;
    private final String baseUrl;
    private final long maxCompletionTokens;
    private final Duration maxRetryAfter;

    /**
     * @param maxCompletionTokens the answer's cap: the completion tokens CheckQuota reserved, so that a
     *     question never costs more than was reserved for it
     * @param maxRetryAfter the longest wait a provider's {@code Retry-After} may set before the next attempt
     */
    public OpenAiChatModel(
            String baseUrl,
            String apiKey,
            String model,
            Duration timeout,
            long maxCompletionTokens,
            Duration maxRetryAfter) {
        this.client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .maxRetries(0)
                .timeout(timeout)
                .build();
        this.model = model;
        this.baseUrl = baseUrl;
        this.maxCompletionTokens = maxCompletionTokens;
        this.maxRetryAfter = maxRetryAfter;
    }

    @Override
    public ChatReply complete(ChatPrompt prompt, AnswerSink sink) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(model)
                .maxCompletionTokens(maxCompletionTokens)
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build());
        for (ChatPrompt.Turn turn : prompt.earlier()) {
            params.addUserMessage(turn.question()).addAssistantMessage(turn.answer());
        }
        params.addUserMessage(prompt.question());
        StringBuilder answer = new StringBuilder();
        String answeredBy = model;
        boolean finished = false;
        Usage usage = null;
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params.build())) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            while (chunks.hasNext()) {
                ChatCompletionChunk chunk = chunks.next();
                if (!chunk.model().isBlank()) {
                    answeredBy = chunk.model();
                }
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    Optional<String> text = choice.delta().content();
                    if (text.isPresent() && !text.get().isEmpty()) {
                        answer.append(text.get());
                        sink.delta(text.get());
                    }
                    finished |= choice.finishReason().isPresent();
                }
                if (chunk.usage().isPresent()) {
                    usage = usage(chunk.usage().get());
                }
            }
        } catch (OpenAIServiceException e) {
            throw classify(e, maxRetryAfter);
        } catch (OpenAIIoException e) {
            throw ApplicationFailure.newFailureWithCause(
                    "model provider unreachable or too slow: " + e.getMessage(),
                    FailureType.MODEL_UNAVAILABLE.name(),
                    e);
        }
        if (!finished) {
            throw ApplicationFailure.newFailure(
                    "the model's answer stream ended before the answer was complete",
                    FailureType.MODEL_UNAVAILABLE.name());
        }
        if (answer.isEmpty()) {
            throw ApplicationFailure.newFailure("model returned no answer", FailureType.MODEL_UNAVAILABLE.name());
        }
        if (usage == null) {
            // A server that ignores stream_options, or a connection lost after the last word: the answer
            // stands, and is charged at an estimate (four characters a token) rather than for free.
            long promptTokens = estimateTokens(prompt);
            long completionTokens = (answer.length() + 3) / 4;
            log.warn(
                    "model {} at {} streamed no usage; the answer is charged at an estimate of {} + {} tokens",
                    model,
                    baseUrl,
                    promptTokens,
                    completionTokens);
            usage = new Usage(promptTokens, completionTokens, 0, promptTokens + completionTokens);
        }
        return new ChatReply(answer.toString(), answeredBy, usage);
    }

    @Override
    public String modelName() {
        return model;
    }

    @Override
    public String describe() {
        return model + " at " + baseUrl;
    }

    private static long estimateTokens(ChatPrompt prompt) {
        long chars = prompt.question().length();
        for (ChatPrompt.Turn turn : prompt.earlier()) {
            chars += turn.question().length() + turn.answer().length();
        }
        return (chars + 3) / 4;
    }

    private static Usage usage(CompletionUsage usage) {
        long cached = usage.promptTokensDetails()
                .flatMap(CompletionUsage.PromptTokensDetails::cachedTokens)
                .orElse(0L);
        return new Usage(usage.promptTokens(), usage.completionTokens(), cached, usage.totalTokens());
    }

    /**
     * 429 and 5xx are transient; any other 4xx, and a 429 for an exhausted account, will not get better. A
     * transient answer with {@code Retry-After} sets the delay before the next attempt, capped.
     */
    static ApplicationFailure classify(OpenAIServiceException e, Duration maxRetryAfter) {
        int status = e.statusCode();
        String message = "model provider answered " + status + ": " + e.getMessage();
        if (status == 429) {
            boolean exhausted = e.code().filter("insufficient_quota"::equals).isPresent()
                    || e.type().filter("insufficient_quota"::equals).isPresent();
            return exhausted
                    ? ApplicationFailure.newNonRetryableFailure(message, FailureType.MODEL_QUOTA_EXHAUSTED.name())
                    : transientFailure(message, FailureType.MODEL_RATE_LIMITED, e, maxRetryAfter);
        }
        if (status >= 500 || status == 408 || status == 409) {
            return transientFailure(message, FailureType.MODEL_UNAVAILABLE, e, maxRetryAfter);
        }
        return ApplicationFailure.newNonRetryableFailure(message, FailureType.MODEL_REQUEST_REJECTED.name());
    }

    private static ApplicationFailure transientFailure(
            String message, FailureType type, OpenAIServiceException e, Duration maxRetryAfter) {
        ApplicationFailure failure = ApplicationFailure.newFailure(message, type.name());
        retryAfter(e.headers().values("retry-after"), Instant.now())
                .map(delay -> delay.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : delay)
                .ifPresent(failure::setNextRetryDelay);
        return failure;
    }

    /** {@code Retry-After} as seconds or as an HTTP date; empty when absent or unreadable. */
    public static Optional<Duration> retryAfter(List<String> values, Instant now) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String value = values.get(0).trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
