package io.askflow.worker;

import io.askflow.activities.cache.AnswerCache;
import io.askflow.activities.housekeeping.HousekeepingActivitiesImpl;
import io.askflow.activities.model.ChatModel;
import io.askflow.activities.model.ConversationHistory;
import io.askflow.activities.model.FallbackChatModel;
import io.askflow.activities.model.ModelActivitiesImpl;
import io.askflow.activities.model.ModelPrice;
import io.askflow.activities.model.OpenAiChatModel;
import io.askflow.activities.model.PriceTable;
import io.askflow.activities.model.StubChatModel;
import io.askflow.activities.persistence.PersistenceActivitiesImpl;
import io.askflow.activities.persistence.StepProgressStore;
import io.askflow.activities.quota.QuotaActivitiesImpl;
import io.askflow.activities.stream.QuestionStream;
import io.askflow.activities.telemetry.TelemetryActivitiesImpl;
import io.askflow.runtime.AppEnvironment;
import io.askflow.workflows.StepOptions;
import io.askflow.workflows.activity.ModelActivities;
import io.askflow.workflows.activity.PersistenceActivities;
import io.askflow.workflows.activity.QuotaActivities;
import io.askflow.workflows.activity.TelemetryActivities;
import io.askflow.workflows.housekeeping.Chore;
import io.askflow.workflows.housekeeping.HousekeepingActivities;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.spring.boot.WorkflowImplementationOptionsCustomizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The activity beans the Temporal starter registers on the ask task queue (see {@code spring.temporal.workers}
 * in askflow-worker.yml), and the options that apply the configured step policies.
 */
@Configuration(proxyBeanMethods = false)
class ActivitiesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ActivitiesConfiguration.class);

    @Bean
    ChatModel chatModel(WorkerProperties properties, AppEnvironment environment) {
        WorkerProperties.ModelProperties model = properties.model();
        if (model.hasApiKey()) {
            List<ChatModel> models = new ArrayList<>();
            long maxCompletionTokens = properties.quota().reservedCompletionTokens();
            models.add(new OpenAiChatModel(
                    model.baseUrl(),
                    model.apiKey(),
                    model.name(),
                    model.requestTimeout(),
                    maxCompletionTokens,
                    model.maxRetryAfter()));
            for (WorkerProperties.FallbackModel fallback : model.fallbacks()) {
                models.add(new OpenAiChatModel(
                        orDefault(fallback.baseUrl(), model.baseUrl()),
                        orDefault(fallback.apiKey(), model.apiKey()),
                        fallback.name(),
                        model.requestTimeout(),
                        maxCompletionTokens,
                        model.maxRetryAfter()));
            }
            ChatModel chosen = models.size() == 1 ? models.get(0) : new FallbackChatModel(models, model.breaker());
            log.info("Model: {}", chosen.describe());
            return chosen;
        }
        if (!environment.isDev()) {
            throw new IllegalStateException("OPENAI_API_KEY is required when APP_ENV=" + environment.profile()
                    + "; the stub model is for dev only");
        }
        ChatModel stub = new StubChatModel(model.stubLatency(), model.stubWordDelay());
        log.warn("""

                ******************************************************************
                  No OPENAI_API_KEY: answers come from the STUB MODEL.
                  {}
                  It echoes questions; it is not an AI. Set OPENAI_API_KEY.
                ******************************************************************""", stub.describe());
        return stub;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    @Bean
    QuotaActivities quotaActivities(Jdbi jdbi, WorkerProperties properties, Clock clock, MeterRegistry meters) {
        return new QuotaActivitiesImpl(
                jdbi,
                properties.quota().limits(reservationPrice(properties.model())),
                clock,
                meters,
                properties.conversations().maxContextTokens());
    }

    /**
     * The price a question's cost is reserved at: per token kind, the dearest of the models that may answer
     * (the primary and its fallbacks, or the stub). Null, with a warning, when one of them has no price.
     */
    static ModelPrice reservationPrice(WorkerProperties.ModelProperties model) {
        PriceTable prices = new PriceTable(model.prices());
        List<String> names = new ArrayList<>();
        if (model.hasApiKey()) {
            names.add(model.name());
            model.fallbacks().forEach(fallback -> names.add(fallback.name()));
        } else {
            names.add(StubChatModel.MODEL_NAME);
        }
        ModelPrice dearest = new ModelPrice(0, 0, 0);
        for (String name : names) {
            Optional<ModelPrice> price = prices.priceOf(name);
            if (price.isEmpty()) {
                log.warn("model {} has no price (askflow.model.prices): spend limits in USD cannot be enforced", name);
                return null;
            }
            dearest = new ModelPrice(
                    Math.max(dearest.input(), price.get().input()),
                    Math.max(dearest.cachedInput(), price.get().cachedInput()),
                    Math.max(dearest.output(), price.get().output()));
        }
        return dearest;
    }

    @Bean
    ModelActivities modelActivities(
            ChatModel chatModel,
            WorkerProperties properties,
            MeterRegistry meters,
            Jdbi jdbi,
            Clock clock,
            StepProgressStore progress) {
        WorkerProperties.CacheProperties cache = properties.cache();
        AnswerCache answerCache = cache.enabled() ? new AnswerCache(jdbi, cache.ttl()) : null;
        if (answerCache != null) {
            log.info("Answer cache on: identical questions share answers for {}", cache.ttl());
        }
        ModelActivitiesImpl.Streaming streaming = new ModelActivitiesImpl.Streaming(
                new QuestionStream(jdbi, clock),
                new ConversationHistory(jdbi, properties.conversations().maxContextTokens()),
                properties.streaming().batch(),
                progress);
        return new ModelActivitiesImpl(
                chatModel, new PriceTable(properties.model().prices()), meters, answerCache, clock, streaming);
    }

    @Bean
    PersistenceActivities persistenceActivities(Jdbi jdbi) {
        return new PersistenceActivitiesImpl(jdbi);
    }

    @Bean
    TelemetryActivities telemetryActivities(Jdbi jdbi, Clock clock, MeterRegistry meters) {
        return new TelemetryActivitiesImpl(jdbi, clock, meters);
    }

    @Bean
    HousekeepingActivities housekeepingActivities(
            Jdbi jdbi, WorkflowClient temporal, WorkerProperties properties, Clock clock) {
        return new HousekeepingActivitiesImpl(
                jdbi, temporal, properties.housekeeping().settings(), clock);
    }

    @Bean
    @ConditionalOnProperty(name = "askflow.housekeeping.enabled", havingValue = "true", matchIfMissing = true)
    HousekeepingSchedules housekeepingSchedules(ScheduleClient schedules, WorkerProperties properties) {
        WorkerProperties.HousekeepingProperties housekeeping = properties.housekeeping();
        return new HousekeepingSchedules(
                schedules,
                Map.of(
                        Chore.RETENTION, housekeeping.retention().every(),
                        Chore.STRANDED_QUESTIONS,
                                housekeeping.strandedQuestions().every()));
    }

    @Bean
    WorkflowImplementationOptionsCustomizer stepPolicies(WorkerProperties properties) {
        return (builder, worker, implementationClass, metadata) ->
                StepOptions.apply(builder, properties.steps().byStepName());
    }

    /** The steps' progress rows: written by the model step itself and, for every other step, by the interceptor. */
    @Bean
    StepProgressStore stepProgressStore(Jdbi jdbi) {
        return new StepProgressStore(jdbi);
    }

    /** Registered with the worker by the Temporal starter, which applies every WorkerInterceptor bean. */
    @Bean
    StepTrackingInterceptor stepTrackingInterceptor(
            StepProgressStore progress, WorkerProperties properties, Clock clock, MeterRegistry meters) {
        return new StepTrackingInterceptor(progress, properties.steps().byStepName(), clock, meters);
    }
}
