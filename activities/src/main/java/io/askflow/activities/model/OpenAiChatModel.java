package io.askflow.activities.model;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import io.askflow.workflows.FailureType;
import io.askflow.workflows.activity.Usage;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * A model behind any OpenAI-compatible chat-completions API, called with the official {@code openai-java}
 * client. The client's own retries are off: Temporal owns retrying, per the GenerateAnswer step's policy, and
 * every provider error is classified here as retryable or permanent.
 */
public final class OpenAiChatModel implements ChatModel {

    private final OpenAIClient client;
    private final String model;
    private final String baseUrl;
    private final long maxCompletionTokens;

    /**
     * @param maxCompletionTokens the answer's cap: the completion tokens CheckQuota reserved, so that a
     *     question never costs more than was reserved for it
     */
    public OpenAiChatModel(String baseUrl, String apiKey, String model, Duration timeout, long maxCompletionTokens) {
        this.client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .maxRetries(0)
                .timeout(timeout)
                .build();
        this.model = model;
        this.baseUrl = baseUrl;
        this.maxCompletionTokens = maxCompletionTokens;
    }

    @Override
    public ChatReply complete(String question) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage(question)
                .maxCompletionTokens(maxCompletionTokens)
                .build();
        ChatCompletion completion;
        try {
            completion = client.chat().completions().create(params);
        } catch (OpenAIServiceException e) {
            throw classify(e);
        } catch (OpenAIIoException e) {
            throw ApplicationFailure.newFailureWithCause(
                    "model provider unreachable or too slow: " + e.getMessage(),
                    FailureType.MODEL_UNAVAILABLE.name(),
                    e);
        }
        String answer = completion.choices().stream()
                .findFirst()
                .flatMap(choice -> choice.message().content())
                .orElseThrow(() -> ApplicationFailure.newFailure(
                        "model returned no answer", FailureType.MODEL_UNAVAILABLE.name()));
        Usage usage = completion.usage().map(OpenAiChatModel::usage).orElse(Usage.NONE);
        return new ChatReply(answer, completion.model(), usage);
    }

    @Override
    public String modelName() {
        return model;
    }

    @Override
    public String describe() {
        return model + " at " + baseUrl;
    }

    private static Usage usage(CompletionUsage usage) {
        long cached = usage.promptTokensDetails()
                .flatMap(CompletionUsage.PromptTokensDetails::cachedTokens)
                .orElse(0L);
        return new Usage(usage.promptTokens(), usage.completionTokens(), cached, usage.totalTokens());
    }

    /** 429 and 5xx are transient; any other 4xx, and a 429 for an exhausted account, will not get better. */
    static ApplicationFailure classify(OpenAIServiceException e) {
        int status = e.statusCode();
        String message = "model provider answered " + status + ": " + e.getMessage();
        if (status == 429) {
            boolean exhausted = e.code().filter("insufficient_quota"::equals).isPresent()
                    || e.type().filter("insufficient_quota"::equals).isPresent();
            return exhausted
                    ? ApplicationFailure.newNonRetryableFailure(message, FailureType.MODEL_QUOTA_EXHAUSTED.name())
                    : ApplicationFailure.newFailure(message, FailureType.MODEL_RATE_LIMITED.name());
        }
        if (status >= 500 || status == 408 || status == 409) {
            return ApplicationFailure.newFailure(message, FailureType.MODEL_UNAVAILABLE.name());
        }
        return ApplicationFailure.newNonRetryableFailure(message, FailureType.MODEL_REQUEST_REJECTED.name());
    }
}
