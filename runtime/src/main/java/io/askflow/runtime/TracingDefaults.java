package io.askflow.runtime;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tracing is opt-in: it is on only when an OTLP endpoint is configured
 * ({@code management.opentelemetry.tracing.export.otlp.endpoint}, e.g. from OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), so that
 * nobody pays for exporting spans that go nowhere. An explicit {@code management.tracing.export.enabled} still
 * wins.
 */
public class TracingDefaults implements EnvironmentPostProcessor {

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    static final String ENABLED = "management.tracing.export.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String endpoint = environment.getProperty(ENDPOINT);
        boolean configured = endpoint != null && !endpoint.isBlank();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "askflow-tracing-defaults", Map.of(ENABLED, Boolean.toString(configured))));
    }
}
