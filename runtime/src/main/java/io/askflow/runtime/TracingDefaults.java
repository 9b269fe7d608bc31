package io.askflow.runtime;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tracing is opt-in: it is on only when an OTLP endpoint is configured
 * ({@code management.opentelemetry.tracing.export.otlp.endpoint}, e.g. from OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), so that
 * nobody pays for spans that go nowhere: without one, nothing is exported and nothing is sampled either (a span
 * that is not sampled is not recorded; its trace id is still handed on, to Temporal's headers too; only a request
 * whose incoming {@code traceparent} says it is sampled is still recorded, and dropped). With one, the
 * sampled share is {@code ASKFLOW_TRACE_SAMPLING}, all by default. Explicit {@code management.tracing.export.enabled}
 * and {@code management.tracing.sampling.probability} still win.
 */
public class TracingDefaults implements EnvironmentPostProcessor {

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    static final String ENABLED = "management.tracing.export.enabled";
    static final String PROBABILITY = "management.tracing.sampling.probability";
    static final String SAMPLING = "ASKFLOW_TRACE_SAMPLING";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String endpoint = environment.getProperty(ENDPOINT);
        boolean configured = endpoint != null && !endpoint.isBlank();
        String sampled = configured ? environment.getProperty(SAMPLING, "1.0") : "0.0";
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "askflow-tracing-defaults",
                        Map.of(ENABLED, Boolean.toString(configured), PROBABILITY, sampled)));
    }
}
