package io.askflow.worker;

import io.askflow.activities.housekeeping.Retention;
import io.askflow.activities.model.FallbackChatModel;
import io.askflow.activities.model.ModelPrice;
import io.askflow.activities.quota.QuotaLimits;
import io.askflow.workflows.StepSettings;
import io.askflow.workflows.Steps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything the worker reads from {@code askflow.*}.
 *
 * @param steps each step's retry policy and per-attempt timeout
 * @param model the model provider
 * @param quota per-user limits
 * @param cache the shared answer cache
 * @param housekeeping the schedules that keep the database tidy and restart stranded questions
 * @param streaming how answers are written into the questions' streams
 * @param conversations what the model is given of a conversation
 */
@ConfigurationProperties("askflow")
record WorkerProperties(
        StepsProperties steps,
        ModelProperties model,
        QuotaProperties quota,
        CacheProperties cache,
        HousekeepingProperties housekeeping,
        StreamingProperties streaming,
        ConversationProperties conversations) {

    /** @param batch the least time between two appends of answer text to a stream, after the first */
    record StreamingProperties(Duration batch) {}

    /** @param maxContextTokens the most tokens of earlier questions and answers a question is asked with */
    record ConversationProperties(long maxContextTokens) {}

    /**
     * @param enabled whether this worker creates (or updates) the housekeeping schedules when it starts
     * @param retention how often the retention chore runs, and the ages it deletes past
     * @param strandedQuestions how often the sweeper runs, and when a queued question counts as stranded
     */
    record HousekeepingProperties(
            boolean enabled, RetentionProperties retention, StrandedProperties strandedQuestions) {

        Retention settings() {
            return new Retention(
                    retention.telemetryEvents(),
                    retention.quotaAdmissions(),
                    retention.streamEvents(),
                    strandedQuestions.after(),
                    strandedQuestions.giveUpAfter(),
                    strandedQuestions.batch());
        }
    }

    record RetentionProperties(
            Duration every, Duration telemetryEvents, Duration quotaAdmissions, Duration streamEvents) {}

    record StrandedProperties(Duration every, Duration after, Duration giveUpAfter, int batch) {}

    record StepsProperties(
            StepSettings checkQuota,
            StepSettings generateAnswer,
            StepSettings saveAnswer,
            StepSettings recordTelemetry) {

        Map<String, StepSettings> byStepName() {
            return Map.of(
                    Steps.CHECK_QUOTA, checkQuota,
                    Steps.GENERATE_ANSWER, generateAnswer,
                    Steps.SAVE_ANSWER, saveAnswer,
                    Steps.RECORD_TELEMETRY, recordTelemetry);
        }
    }

    /**
     * @param apiKey OPENAI_API_KEY; blank selects the stub model in dev
     * @param baseUrl OPENAI_BASE_URL, any OpenAI-compatible server
     * @param name OPENAI_MODEL
     * @param requestTimeout the HTTP client's limit for one call
     * @param stubLatency how long the stub model takes before its first word (for benchmarks)
     * @param stubWordDelay how long the stub model takes for each further word, so that its answers stream
     * @param maxRetryAfter the longest a provider's Retry-After may delay the model step's next attempt
     * @param prices USD per million tokens, by model name prefix
     * @param fallbacks models to move to, in order, while the ones before them keep failing
     * @param breaker when a failing model is skipped, and for how long
     */
    record ModelProperties(
            String apiKey,
            String baseUrl,
            String name,
            Duration requestTimeout,
            Duration stubLatency,
            Duration stubWordDelay,
            Duration maxRetryAfter,
            Map<String, ModelPrice> prices,
            List<FallbackModel> fallbacks,
            FallbackChatModel.BreakerSettings breaker) {

        ModelProperties {
            fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        }

        boolean hasApiKey() {
            return apiKey != null && !apiKey.isBlank();
        }
    }

    /**
     * A fallback model; any OpenAI-compatible server.
     *
     * @param name the model to ask
     * @param baseUrl its API; blank: the primary's
     * @param apiKey its key; blank: the primary's
     */
    record FallbackModel(String name, String baseUrl, String apiKey) {}

    /**
     * @param enabled whether identical questions (after normalisation) to the same model share answers
     * @param ttl how long a cached answer is served
     */
    record CacheProperties(boolean enabled, Duration ttl) {}

    /**
     * @param requestsPerMinute questions one user may have admitted in any sliding minute
     * @param tokensPerDay tokens (reserved and used) one user may spend per UTC day
     * @param usdPerDay USD (reserved and spent) one user may spend per UTC day; blank for no limit
     * @param usdPerMonth USD one user may spend per UTC calendar month; blank for no limit
     * @param reservedCompletionTokens tokens reserved for each answer until the real usage is known
     * @param overrides per-user limits by GitHub id
     */
    record QuotaProperties(
            int requestsPerMinute,
            long tokensPerDay,
            Double usdPerDay,
            Double usdPerMonth,
            long reservedCompletionTokens,
            Map<Long, QuotaLimits.Limit> overrides) {

        QuotaLimits limits(ModelPrice reservationPrice) {
            return new QuotaLimits(
                    new QuotaLimits.Limit(requestsPerMinute, tokensPerDay, usdPerDay, usdPerMonth),
                    reservedCompletionTokens,
                    overrides,
                    reservationPrice);
        }
    }
}
