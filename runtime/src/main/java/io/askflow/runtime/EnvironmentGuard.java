package io.askflow.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start a staging or production process that would quietly fall back to a dev default. Each
 * application lists what it cannot run without under {@code askflow.required-outside-dev} (environment
 * variable → property). Runs once the configuration files are read and before any bean is created, so its
 * message is the first and only error.
 */
public class EnvironmentGuard implements EnvironmentPostProcessor, Ordered {

    static final String REQUIRED = "askflow.required-outside-dev";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        AppEnvironment env = AppEnvironment.of(environment);
        if (env.isDev()) {
            return;
        }
        Map<String, String> required = new TreeMap<>(Binder.get(environment)
                .bind(REQUIRED, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()));
        List<String> missing = new ArrayList<>();
        required.forEach((variable, property) -> {
            String value = environment.getProperty(property);
            if (value == null || value.isBlank()) {
                missing.add(variable);
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalStateException("APP_ENV=" + env.profile() + " needs " + String.join(", ", missing)
                    + " (dev defaults such as a generated secret, the stub model or an in-memory Temporal are"
                    + " refused)");
        }
    }

    @Override
    public int getOrder() {
        // after the configuration files (ConfigDataEnvironmentPostProcessor) have been read
        return Ordered.LOWEST_PRECEDENCE;
    }
}
