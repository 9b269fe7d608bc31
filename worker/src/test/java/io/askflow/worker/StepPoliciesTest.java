package io.askflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.askflow.workflows.AskWorkflowImpl;
import io.askflow.workflows.Backoff;
import io.askflow.workflows.FailureType;
import io.askflow.workflows.StepOptions;
import io.askflow.workflows.StepSettings;
import io.askflow.workflows.Steps;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** From the step settings in askflow-worker.yml to the Temporal options each activity type runs with. */
class StepPoliciesTest {

    @Test
    void theShippedSettingsGiveTheDocumentedPolicies() throws IOException {
        Map<String, ActivityOptions> options = activityOptions(Map.of());

        // attempts, first wait, coefficient, longest wait, timeout: the table in docs/architecture.md
        assertPolicy(
                options.get(Steps.CHECK_QUOTA),
                4,
                Duration.ofMillis(200),
                2.0,
                Duration.ofMillis(800),
                Duration.ofSeconds(5));
        assertPolicy(
                options.get(Steps.GENERATE_ANSWER),
                6,
                Duration.ofSeconds(1),
                2.0,
                Duration.ofSeconds(16),
                Duration.ofSeconds(60));
        assertPolicy(
                options.get(Steps.SAVE_ANSWER),
                11,
                Duration.ofMillis(500),
                2.0,
                Duration.ofSeconds(256),
                Duration.ofSeconds(10));
        assertPolicy(
                options.get(Steps.RECORD_TELEMETRY),
                4,
                Duration.ofSeconds(1),
                1.0,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5));
        // the compensation runs under CheckQuota's policy
        assertThat(options.get(Steps.RELEASE_QUOTA)).isEqualTo(options.get(Steps.CHECK_QUOTA));
        assertThat(options)
                .containsOnlyKeys(
                        Steps.CHECK_QUOTA,
                        Steps.GENERATE_ANSWER,
                        Steps.SAVE_ANSWER,
                        Steps.RECORD_TELEMETRY,
                        Steps.RELEASE_QUOTA);
    }

    @Test
    void permanentFailuresAreNeverRetriedByAnyStep() throws IOException {
        for (ActivityOptions options : activityOptions(Map.of()).values()) {
            assertThat(options.getRetryOptions().getDoNotRetry())
                    .containsExactlyInAnyOrder(FailureType.permanentTypeNames())
                    .contains(FailureType.QUOTA_EXCEEDED.name(), FailureType.MODEL_REQUEST_REJECTED.name());
        }
    }

    @Test
    void anEnvironmentVariableOverridesOneSetting() throws IOException {
        Map<String, ActivityOptions> options = activityOptions(Map.of(
                "ASKFLOW_STEPS_GENERATEANSWER_RETRIES_LIMIT", "2",
                "ASKFLOW_STEPS_RECORDTELEMETRY_RETRIES_BACKOFF", "linear"));

        assertPolicy(
                options.get(Steps.GENERATE_ANSWER),
                3,
                Duration.ofSeconds(1),
                2.0,
                Duration.ofSeconds(2),
                Duration.ofSeconds(60));
        assertPolicy(
                options.get(Steps.RECORD_TELEMETRY),
                4,
                Duration.ofSeconds(1),
                1.0,
                Duration.ofSeconds(3),
                Duration.ofSeconds(5));
        assertPolicy(
                options.get(Steps.SAVE_ANSWER),
                11,
                Duration.ofMillis(500),
                2.0,
                Duration.ofSeconds(256),
                Duration.ofSeconds(10));
    }

    @Test
    void linearUsesCoefficientOneAndLetsTheLongestWaitBeDelayTimesLimit() {
        StepSettings linear = step(4, Duration.ofSeconds(3), Backoff.LINEAR);

        Map<String, ActivityOptions> options = StepOptions.activityOptions(Map.of(
                Steps.CHECK_QUOTA, linear,
                Steps.GENERATE_ANSWER, linear,
                Steps.SAVE_ANSWER, linear,
                Steps.RECORD_TELEMETRY, linear));

        // the interceptor asks for 3, 6, 9, 12 s; the policy's cap must not cut the last one short
        assertPolicy(
                options.get(Steps.GENERATE_ANSWER),
                5,
                Duration.ofSeconds(3),
                1.0,
                Duration.ofSeconds(12),
                Duration.ofSeconds(30));
    }

    @Test
    void aStepThatHeartbeatsGetsItsHeartbeatTimeoutAndTheOthersNone() {
        StepSettings plain = step(1, Duration.ofSeconds(1), Backoff.EXPONENTIAL);
        StepSettings beating = new StepSettings(plain.retries(), plain.timeout(), Duration.ofSeconds(7));

        Map<String, ActivityOptions> options = StepOptions.activityOptions(Map.of(
                Steps.CHECK_QUOTA, plain,
                Steps.GENERATE_ANSWER, beating,
                Steps.SAVE_ANSWER, plain,
                Steps.RECORD_TELEMETRY, plain));

        assertThat(options.get(Steps.GENERATE_ANSWER).getHeartbeatTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(options.get(Steps.SAVE_ANSWER).getHeartbeatTimeout()).isNull();
    }

    @Test
    void aLimitOfZeroMeansOneAttempt() {
        StepSettings once = step(0, Duration.ofSeconds(1), Backoff.EXPONENTIAL);

        Map<String, ActivityOptions> options = StepOptions.activityOptions(Map.of(
                Steps.CHECK_QUOTA, once,
                Steps.GENERATE_ANSWER, once,
                Steps.SAVE_ANSWER, once,
                Steps.RECORD_TELEMETRY, once));

        assertThat(options.get(Steps.GENERATE_ANSWER).getRetryOptions().getMaximumAttempts())
                .isEqualTo(1);
    }

    @Test
    void theWorkerRegistersTheWorkflowWithThesePolicies() throws IOException {
        WorkerProperties.StepsProperties steps = bind(Map.of());
        WorkflowImplementationOptions.Builder builder = WorkflowImplementationOptions.newBuilder();

        new ActivitiesConfiguration()
                .stepPolicies(new WorkerProperties(steps, null, null, null, null, null, null))
                .customize(builder, null, AskWorkflowImpl.class, null);

        assertThat(builder.build().getActivityOptions()).isEqualTo(StepOptions.activityOptions(steps.byStepName()));
        assertThat(builder.build().getLocalActivityOptions())
                .isEqualTo(StepOptions.localActivityOptions(steps.byStepName()));
    }

    private static void assertPolicy(
            ActivityOptions options,
            int maximumAttempts,
            Duration initialInterval,
            double coefficient,
            Duration maximumInterval,
            Duration timeout) {
        RetryOptions retry = options.getRetryOptions();
        assertThat(retry.getMaximumAttempts()).as("maximum attempts").isEqualTo(maximumAttempts);
        assertThat(retry.getInitialInterval()).as("initial interval").isEqualTo(initialInterval);
        assertThat(retry.getBackoffCoefficient()).as("backoff coefficient").isEqualTo(coefficient);
        assertThat(retry.getMaximumInterval()).as("maximum interval").isEqualTo(maximumInterval);
        assertThat(options.getStartToCloseTimeout())
                .as("start-to-close timeout")
                .isEqualTo(timeout);
        assertThat(options.getScheduleToCloseTimeout())
                .as("no overall deadline")
                .isNull();
    }

    private static Map<String, ActivityOptions> activityOptions(Map<String, String> environment) throws IOException {
        return StepOptions.activityOptions(bind(environment).byStepName());
    }

    /** Binds askflow.steps the way Spring Boot does: askflow-worker.yml, with environment variables on top. */
    private static WorkerProperties.StepsProperties bind(Map<String, String> environment) throws IOException {
        List<PropertySource<?>> sources = new ArrayList<>();
        sources.add(new SystemEnvironmentPropertySource("systemEnvironment", new HashMap<>(environment)));
        sources.addAll(
                new YamlPropertySourceLoader().load("askflow-worker.yml", new ClassPathResource("askflow-worker.yml")));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bind("askflow.steps", WorkerProperties.StepsProperties.class)
                .get();
    }

    private static StepSettings step(int retries, Duration delay, Backoff backoff) {
        return new StepSettings(new StepSettings.Retries(retries, delay, backoff), Duration.ofSeconds(30), null);
    }
}
